package io.slipway.benchmarks;

import io.slipway.engine.plan.Plan;
import io.slipway.engine.plan.Step;
import io.slipway.engine.plan.StepId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The physical limit of running a plan whose steps each take {@code latency} (gates nothing):
 * no executor can beat the longest dependency chain, nor the total work spread over every worker.
 */
public final class PlanBounds {

  private PlanBounds() {
  }

  public static Duration lowerBound(Plan plan, int parallelism, Duration latency) {
    long working = plan.steps().stream().filter(s -> !(s instanceof Step.Gate)).count();
    long spread = (long) Math.ceil(working / (double) parallelism);
    return latency.multipliedBy(Math.max(criticalPath(plan), spread));
  }

  /**
   * The executor's own policy on a machine with no overhead at all: list scheduling by the work
   * behind each step (the longest chain of working steps from it to the end, as the executor
   * ranks ready steps), at most {@code parallelism} working steps at a time, each taking
   * {@code latency}, gates none. Between this and {@link #lowerBound} lies what no executor of
   * that policy wins back (a list schedule is not always the shortest schedule, and the bound
   * is not always reachable); between the measured time and this lies the executor's overhead.
   */
  public static Duration listSchedule(Plan plan, int parallelism, Duration latency) {
    Map<StepId, Integer> waiting = new HashMap<>();
    Map<StepId, List<StepId>> dependents = new HashMap<>();
    for (Plan.Edge edge : plan.edges()) {
      waiting.merge(edge.to(), 1, Integer::sum);
      dependents.computeIfAbsent(edge.from(), k -> new ArrayList<>()).add(edge.to());
    }
    Map<StepId, Long> behind = new HashMap<>();
    List<Step> order = plan.topologicalOrder();
    for (int k = order.size() - 1; k >= 0; k--) {
      Step step = order.get(k);
      long after = 0;
      for (StepId next : dependents.getOrDefault(step.id(), List.of())) {
        after = Math.max(after, behind.get(next));
      }
      behind.put(step.id(), after + (step instanceof Step.Gate ? 0 : 1));
    }
    Map<StepId, Integer> position = new HashMap<>();
    plan.steps().forEach(step -> position.put(step.id(), position.size()));
    PriorityQueue<Step> ready = new PriorityQueue<>(Comparator.comparingLong((Step step) -> -behind.get(step.id()))
        .thenComparingInt(step -> position.get(step.id())));
    plan.steps().stream().filter(step -> !waiting.containsKey(step.id())).forEach(ready::add);
    long rounds = 0;
    List<Step> running = new ArrayList<>();
    while (!ready.isEmpty()) {
      while (!ready.isEmpty() && running.size() < parallelism) {
        Step step = ready.poll();
        if (step instanceof Step.Gate) {
          release(plan, step, waiting, dependents, ready);  // passes at once, as in the executor
        } else {
          running.add(step);
        }
      }
      if (!running.isEmpty()) {
        rounds++;
        running.forEach(step -> release(plan, step, waiting, dependents, ready));
        running.clear();
      }
    }
    return latency.multipliedBy(rounds);
  }

  private static void release(Plan plan, Step done, Map<StepId, Integer> waiting,
      Map<StepId, List<StepId>> dependents, PriorityQueue<Step> ready) {
    for (StepId next : dependents.getOrDefault(done.id(), List.of())) {
      if (waiting.merge(next, -1, Integer::sum) == 0) {
        ready.add(plan.step(next));
      }
    }
  }

  /** Working steps on the longest dependency chain. */
  public static long criticalPath(Plan plan) {
    Map<StepId, Long> longest = new HashMap<>();
    long max = 0;
    for (Step step : plan.topologicalOrder()) {
      long before = 0;
      for (StepId dependency : plan.dependenciesOf(step.id())) {
        before = Math.max(before, longest.get(dependency));
      }
      long here = before + (step instanceof Step.Gate ? 0 : 1);
      longest.put(step.id(), here);
      max = Math.max(max, here);
    }
    return max;
  }
}
