package io.slipway.engine.exec;

import io.slipway.engine.event.Event;
import io.slipway.engine.event.EventSink;
import io.slipway.engine.plan.Phase;
import io.slipway.engine.plan.Plan;
import io.slipway.engine.plan.Step;
import io.slipway.engine.plan.StepId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs a plan's DAG. A step starts once every step it waits for has succeeded, at most
 * {@code parallelism} at a time; in the control-plane and worker phases at most
 * {@code maxUnavailable*} hosts are changing at once (a host counts from its first step in
 * the phase until its last one there ends; a phase where no host changes anything only checks
 * health, every host at once). A failed step is tried again up to
 * {@code attempts} times (health checks carry their own budget and are not repeated); when it
 * fails for good, everything that waits for it is skipped and everything else still runs, so
 * the outcome names every failed host and step, not only the first. A host that failed in a
 * rolling phase keeps its place there: the rollout stops once as many hosts as the limit
 * allows have failed (a broken version does not go on to cordon and replace one node after
 * another), and what could not start for it is skipped.
 *
 * <p>Of the steps ready at once, those with the longest chain of work still behind them start
 * first (list scheduling by critical path): a plan wider than {@code parallelism} then finishes
 * near its longest chain instead of queueing that chain behind steps nothing waits for. There is
 * no coordinating thread: the worker that ends a step starts what that releases, keeping one
 * step for itself, and gates (which do no work) pass where they are admitted. A step then costs a
 * thread hand-off only when it runs beside others, not for every link of a chain.
 */
public final class Executor {

  /** How long an interrupted run waits for its interrupted steps to end before it reports. */
  private static final Duration INTERRUPTED_STEPS_END = Duration.ofSeconds(10);

  private final ExecutorSettings settings;
  private final StepRunner runner;
  private final EventSink events;
  private final Clock clock;

  public Executor(ExecutorSettings settings, StepRunner runner, EventSink events, Clock clock) {
    this.settings = settings;
    this.runner = runner;
    this.events = events;
    this.clock = clock;
  }

  private record Done(StepId step, StepFailure failure) {
  }

  private record HostPhase(String host, Phase phase) {
  }

  public Outcome execute(Plan plan) {
    long start = System.nanoTime();
    Map<Phase, Integer> perPhase = new EnumMap<>(Phase.class);
    Map<String, Integer> perHost = new HashMap<>();
    for (Step step : plan.steps()) {
      perPhase.merge(step.phase(), 1, Integer::sum);
      perHost.merge(step.id().host(), 1, Integer::sum);
    }
    events.accept(new Event.RunStarted(plan.steps().size(), perPhase, perHost, now()));
    // threads made only when no idle one can take a step (the schedule keeps at most parallelism
    // steps running): a fixed pool makes a new thread for each of its first parallelism tasks, which
    // for a small plan costs more than its steps' own scheduling
    ExecutorService pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "executor");
      t.setDaemon(true);
      return t;
    });
    Schedule schedule = new Schedule(plan, pool);
    try {
      schedule.begin();
      schedule.awaitIdle();
      schedule.skipWhatWaitsForAPlace();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      schedule.stop();  // nothing starts after this, whatever the workers still finish
      pool.shutdownNow();
    }
    if (Thread.currentThread().isInterrupted()) {
      schedule.awaitInterrupted(INTERRUPTED_STEPS_END);  // so the outcome names the steps cut short
    }
    schedule.rethrowWhatBrokeAWorker();
    Outcome outcome = schedule.outcome(Duration.ofNanos(System.nanoTime() - start));
    events.accept(new Event.RunFinished(outcome.succeeded().size(), outcome.failed().size(),
        outcome.skipped().size(), outcome.took(), now()));
    return outcome;
  }

  /**
   * One run's bookkeeping, shared by the workers under its lock: a worker that finishes a step
   * records it, admits what became ready, hands all but one of those to the pool and carries on
   * with that one itself, so a chain of steps runs on one thread without a round trip through a
   * coordinator for every link.
   */
  private final class Schedule {
    private final Plan plan;
    private final ExecutorService pool;
    private final Map<StepId, Integer> waiting = new HashMap<>();
    private final Map<StepId, List<StepId>> dependents = new HashMap<>();
    private final Map<HostPhase, Integer> remaining = new HashMap<>();
    private final Set<StepId> ready;
    private final Map<Phase, Set<String>> active = new EnumMap<>(Phase.class);
    private final Map<Phase, Set<String>> stalled = new EnumMap<>(Phase.class);
    /** The phases in which some host changes: only there do the rolling limits hold hosts back. */
    private final Set<Phase> rolling = EnumSet.noneOf(Phase.class);
    private final List<StepId> succeeded = new ArrayList<>();
    private final List<StepFailure> failed = new ArrayList<>();
    private final List<StepId> skipped = new ArrayList<>();
    private final Set<StepId> finished = new HashSet<>();
    private int running;
    /** Set when the run ends early (interrupted): no step is started after it. */
    private boolean stopping;
    /** What escaped a worker (a failing event sink, an Error): the run ends and execute throws it. */
    private Throwable broken;

    Schedule(Plan plan, ExecutorService pool) {
      this.plan = plan;
      this.pool = pool;
      for (Plan.Edge edge : plan.edges()) {
        waiting.merge(edge.to(), 1, Integer::sum);
        dependents.computeIfAbsent(edge.from(), k -> new ArrayList<>()).add(edge.to());
      }
      for (Step step : plan.steps()) {
        if (limited(step)) {
          remaining.merge(key(step), 1, Integer::sum);
          if (changes(step)) {
            rolling.add(step.phase());
          }
        }
      }
      // the order in which ready steps start: most work behind them first, then plan order
      Map<StepId, Integer> behind = workBehind(plan, dependents);
      List<Step> byPriority = new ArrayList<>(plan.steps());
      byPriority.sort(Comparator.comparingInt((Step step) -> -behind.get(step.id())));
      Map<StepId, Integer> rank = new HashMap<>();
      for (Step step : byPriority) {
        rank.put(step.id(), rank.size());
      }
      ready = new TreeSet<>(Comparator.comparingInt(rank::get));
      for (Step step : plan.steps()) {
        if (!waiting.containsKey(step.id())) {
          ready.add(step.id());
        }
      }
    }

    void begin() {
      List<Step> admitted;
      synchronized (this) {
        admitted = admit();
      }
      admitted.forEach(this::dispatch);
    }

    private void dispatch(Step step) {
      try {
        pool.execute(() -> work(step));
      } catch (RejectedExecutionException e) {
        // the run was interrupted and its pool shut down: the step never starts
        synchronized (this) {
          complete(new Done(step.id(), new StepFailure(step.id(), 0, "interrupted")));
          notifyAll();
        }
      }
    }

    /** Runs {@code step}, then whatever its end lets start, keeping the first for this thread. */
    private void work(Step first) {
      try {
        Step step = first;
        while (step != null) {
          Done done;
          synchronized (this) {
            done = stopping ? new Done(step.id(), new StepFailure(step.id(), 0, "interrupted")) : null;
          }
          if (done == null) {
            Thread.interrupted();  // a flag a step left behind is not the next step's, as between pool tasks
            done = run(step);
          }
          List<Step> admitted;
          synchronized (this) {
            complete(done);
            admitted = admit();
            if (running == 0) {
              notifyAll();
            }
          }
          step = admitted.isEmpty() ? null : admitted.get(0);
          for (int k = 1; k < admitted.size(); k++) {
            dispatch(admitted.get(k));
          }
        }
      } catch (RuntimeException | Error e) {
        synchronized (this) {
          broken = broken == null ? e : broken;
          stopping = true;
          notifyAll();
        }
      }
    }

    synchronized void stop() {
      stopping = true;
    }

    /** Waits, at most {@code bound}, for the steps running when the run was interrupted to end. */
    synchronized void awaitInterrupted(Duration bound) {
      boolean interrupted = Thread.interrupted();  // the flag would end the wait at once; it is set again below
      long deadline = System.nanoTime() + bound.toNanos();
      try {
        for (long left = bound.toMillis(); running > 0 && broken == null && left > 0;
            left = (deadline - System.nanoTime()) / 1_000_000) {
          wait(left);
        }
      } catch (InterruptedException e) {
        interrupted = true;
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }

    void rethrowWhatBrokeAWorker() {
      Throwable cause;
      synchronized (this) {
        cause = broken;
      }
      if (cause instanceof RuntimeException e) {
        throw e;
      } else if (cause instanceof Error e) {
        throw e;
      }
    }

    /**
     * Takes what may start now off the ready set, highest first, within {@code parallelism} and
     * the rolling limits; gates pass at once, here, and what they release is admitted in turn.
     */
    private List<Step> admit() {
      List<Step> admitted = new ArrayList<>();
      boolean again = !stopping;
      while (again) {
        again = false;
        for (Iterator<StepId> it = ready.iterator(); it.hasNext() && running < settings.parallelism(); ) {
          Step step = plan.step(it.next());
          if (!rolling.contains(step.phase()) || Executor.this.admit(step, active)) {
            it.remove();
            running++;
            if (step instanceof Step.Gate) {
              complete(run(step));
              again = true;  // what the gate released may start, and the iterator is spent
              break;
            }
            admitted.add(step);
          }
        }
      }
      return admitted;
    }

    private void complete(Done done) {
      running--;
      finished.add(done.step());
      Step ended = plan.step(done.step());
      if (done.failure() != null && limited(ended)) {
        stalled.computeIfAbsent(ended.phase(), p -> new HashSet<>()).add(ended.id().host());
      }
      release(ended, remaining, active, stalled);
      if (done.failure() == null) {
        succeeded.add(done.step());
        for (StepId next : dependents.getOrDefault(done.step(), List.of())) {
          if (waiting.merge(next, -1, Integer::sum) == 0) {
            ready.add(next);
          }
        }
      } else {
        failed.add(done.failure());
        skipDependents(plan, done.step(), dependents, finished, skipped, remaining, active, stalled, ready);
      }
    }

    synchronized void awaitIdle() throws InterruptedException {
      while (running > 0 && broken == null) {
        wait();
      }
    }

    /** What is ready but was never admitted waits for a place a failed host holds: the rollout stopped. */
    synchronized void skipWhatWaitsForAPlace() {
      for (StepId waitingForPlace : List.copyOf(ready)) {
        if (finished.add(waitingForPlace)) {
          Step step = plan.step(waitingForPlace);
          StepId cause = failed.stream().map(StepFailure::step).filter(f -> plan.step(f).phase() == step.phase())
              .findFirst().orElse(failed.isEmpty() ? waitingForPlace : failed.get(0).step());
          ready.remove(waitingForPlace);
          skipped.add(waitingForPlace);
          events.accept(new Event.StepSkipped(waitingForPlace, step.phase(), cause, now()));
          skipDependents(plan, waitingForPlace, dependents, finished, skipped, remaining, active, stalled, ready);
        }
      }
    }

    synchronized Outcome outcome(Duration took) {
      for (Step step : plan.steps()) {
        if (!finished.contains(step.id()) && !Thread.currentThread().isInterrupted()) {
          // Cannot happen for a plan the planner made (a DAG); reported rather than passed over in silence.
          failed.add(new StepFailure(step.id(), 0, "never became runnable (waits for " + plan.dependenciesOf(step.id())
              .stream().filter(d -> !finished.contains(d)).toList() + ")"));
        }
      }
      return new Outcome(List.copyOf(succeeded), List.copyOf(failed), List.copyOf(skipped), took);
    }
  }

  /** For each step, the working steps on the longest chain from it (itself included) to the end of the plan. */
  private static Map<StepId, Integer> workBehind(Plan plan, Map<StepId, List<StepId>> dependents) {
    List<Step> order = plan.topologicalOrder();
    Map<StepId, Integer> behind = new HashMap<>();
    for (int k = order.size() - 1; k >= 0; k--) {
      Step step = order.get(k);
      int after = 0;
      for (StepId next : dependents.getOrDefault(step.id(), List.of())) {
        after = Math.max(after, behind.get(next));
      }
      behind.put(step.id(), after + (step instanceof Step.Gate ? 0 : 1));
    }
    return behind;
  }

  private Done run(Step step) {
    int attempts = step instanceof Step.HealthCheck ? 1 : settings.attempts();
    for (int attempt = 1; ; attempt++) {
      long begin = System.nanoTime();
      events.accept(new Event.StepStarted(step.id(), step.phase(), attempt, now()));
      try {
        runner.run(step);
        events.accept(new Event.StepSucceeded(step.id(), step.phase(), attempt, Duration.ofNanos(System.nanoTime() - begin),
            now()));
        return new Done(step.id(), null);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Done(step.id(), new StepFailure(step.id(), attempt, "interrupted"));
      } catch (Exception e) {
        boolean last = attempt >= attempts;
        String cause = e.getMessage() == null ? e.toString() : e.getMessage();
        events.accept(new Event.StepFailed(step.id(), step.phase(), attempt, last, cause, now()));
        if (last) {
          return new Done(step.id(), new StepFailure(step.id(), attempt, cause));
        }
        try {
          Thread.sleep(settings.retryDelay().toMillis());  // back-off between bounded attempts
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return new Done(step.id(), new StepFailure(step.id(), attempt, "interrupted"));
        }
      }
    }
  }

  /**
   * Whether a step counts against its phase's rolling limit: running and checking a component,
   * and cordoning a node until it is uncordoned, make a host unavailable; files, pulls,
   * membership and clean-up steps do not.
   */
  private static boolean limited(Step step) {
    return (step instanceof Step.RunContainer || step instanceof Step.HealthCheck || step instanceof Step.Cordon
        || step instanceof Step.Uncordon) && !step.id().host().equals(StepId.CLUSTER);
  }

  /**
   * Whether a limited step changes its host: a container created, replaced, started or removed,
   * a node cordoned or uncordoned. A phase where no host changes (an unchanged cluster's re-run)
   * only checks health, and every host's checks run at once.
   */
  private static boolean changes(Step step) {
    return !(step instanceof Step.HealthCheck) && !(step instanceof Step.RunContainer run && !run.change().isChange());
  }

  /** Whether {@code step} may start now under the phase's rolling limit. */
  private boolean admit(Step step, Map<Phase, Set<String>> active) {
    String host = step.id().host();
    if (!limited(step)) {
      return true;
    }
    Set<String> hosts = active.computeIfAbsent(step.phase(), p -> new HashSet<>());
    int limit = switch (step.phase()) {
      case CONTROLPLANE -> settings.maxUnavailableControlplane();
      case WORKER -> settings.maxUnavailableWorker();
      case PREPARE, ETCD, ADDONS -> Integer.MAX_VALUE;
    };
    if (hosts.contains(host) || hosts.size() < limit) {
      hosts.add(host);
      return true;
    }
    return false;
  }

  /** One step of a host in a phase ended (or will never run): the host may leave the phase. */
  private static void release(Step step, Map<HostPhase, Integer> remaining, Map<Phase, Set<String>> active,
      Map<Phase, Set<String>> stalled) {
    if (limited(step) && remaining.merge(key(step), -1, Integer::sum) == 0
        && !stalled.getOrDefault(step.phase(), Set.of()).contains(step.id().host())) {
      Set<String> hosts = active.get(step.phase());
      if (hosts != null) {
        hosts.remove(step.id().host());
      }
    }
  }

  private void skipDependents(Plan plan, StepId failed, Map<StepId, List<StepId>> dependents, Set<StepId> finished,
      List<StepId> skipped, Map<HostPhase, Integer> remaining, Map<Phase, Set<String>> active,
      Map<Phase, Set<String>> stalled, Set<StepId> ready) {
    ArrayDeque<StepId> queue = new ArrayDeque<>(dependents.getOrDefault(failed, List.of()));
    while (!queue.isEmpty()) {
      StepId next = queue.poll();
      if (finished.add(next)) {
        ready.remove(next);
        skipped.add(next);
        Step step = plan.step(next);
        release(step, remaining, active, stalled);
        events.accept(new Event.StepSkipped(next, step.phase(), failed, now()));
        queue.addAll(dependents.getOrDefault(next, List.of()));
      }
    }
  }

  private static HostPhase key(Step step) {
    return new HostPhase(step.id().host(), step.phase());
  }

  private Instant now() {
    return clock.instant();
  }
}
