package io.slipway.benchmarks;

import io.slipway.engine.plan.Plan;
import io.slipway.engine.plan.Step;
import io.slipway.engine.plan.StepId;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

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
