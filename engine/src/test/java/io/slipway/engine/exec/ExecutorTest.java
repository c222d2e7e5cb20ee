package io.slipway.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.slipway.engine.Poll;
import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.Role;
import io.slipway.engine.config.Strictness;
import io.slipway.engine.event.Event;
import io.slipway.engine.plan.Observed;
import io.slipway.engine.plan.ObservedContainer;
import io.slipway.engine.plan.Phase;
import io.slipway.engine.plan.Plan;
import io.slipway.engine.plan.Planner;
import io.slipway.engine.plan.Step;
import io.slipway.engine.plan.StepId;
import io.slipway.engine.state.ClusterState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The executor over the reference plan with an in-memory step runner (no host is touched). */
class ExecutorTest {

  private final Plan plan = Planner.plan(
      ConfigLoader.load(Path.of("../examples/reference-cluster.yml"), Strictness.STRICT).config(), ClusterState.EMPTY);

  /** Records order and concurrency; fails the steps it is told to. */
  private static final class RecordingRunner implements StepRunner {
    final AtomicLong clock = new AtomicLong();
    final Map<StepId, Long> started = new ConcurrentHashMap<>();
    final Map<StepId, Long> ended = new ConcurrentHashMap<>();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();
    final Map<Phase, Set<String>> busyHosts = new ConcurrentHashMap<>();
    final Map<Phase, AtomicInteger> maxBusyHosts = new ConcurrentHashMap<>();
    final Map<StepId, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
    /** How long a rolling-phase step waits for another host to be busy too; 0 for no waiting. */
    long overlapWaitMillis;

    @Override
    public void run(Step step) throws Exception {
      started.put(step.id(), clock.incrementAndGet());
      maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
      Set<String> hosts = busyHosts.computeIfAbsent(step.phase(), p -> ConcurrentHashMap.newKeySet());
      boolean cluster = step.id().host().equals(StepId.CLUSTER);
      if (!cluster) {
        synchronized (hosts) {
          hosts.add(step.id().host());
          maxBusyHosts.computeIfAbsent(step.phase(), p -> new AtomicInteger()).accumulateAndGet(hosts.size(), Math::max);
          hosts.notifyAll();
          // Give other hosts the chance to overlap with this one (bounded wait, not a sleep):
          // without a rolling limit they do, with one they cannot.
          long deadline = System.currentTimeMillis() + overlapWaitMillis;
          while (hosts.size() < 2 && System.currentTimeMillis() < deadline
              && (step.phase() == Phase.CONTROLPLANE || step.phase() == Phase.WORKER)) {
            hosts.wait(Math.max(1, deadline - System.currentTimeMillis()));
          }
        }
      }
      try {
        AtomicInteger left = failuresLeft.get(step.id());
        if (left != null && left.getAndDecrement() > 0) {
          throw new IllegalStateException("container exited with code 1");
        }
      } finally {
        if (!cluster) {
          synchronized (hosts) {
            hosts.remove(step.id().host());
          }
        }
        running.decrementAndGet();
        ended.put(step.id(), clock.incrementAndGet());
      }
    }
  }

  private Outcome run(RecordingRunner runner, ExecutorSettings settings, List<Event> events) {
    return new Executor(settings, runner, events::add, Clock.systemUTC()).execute(plan);
  }

  @Test
  void everyStepRunsAfterWhatItWaitsForAndNoMoreThanTheParallelismAtOnce() {
    RecordingRunner runner = new RecordingRunner();
    Outcome outcome = run(runner, new ExecutorSettings(4, 100, 100, 1, Duration.ZERO), new CopyOnWriteArrayList<>());

    assertThat(outcome.ok()).isTrue();
    assertThat(outcome.succeeded()).hasSameSizeAs(plan.steps());
    assertThat(runner.maxRunning.get()).as("steps running at once").isLessThanOrEqualTo(4);
    for (Plan.Edge edge : plan.edges()) {
      assertThat(runner.ended.get(edge.from())).as("%s ended before %s started", edge.from(), edge.to())
          .isLessThan(runner.started.get(edge.to()));
    }
  }

  @Test
  void rollingLimitsBoundHowManyHostsChangeAtOnce() {
    RecordingRunner unlimited = new RecordingRunner();
    unlimited.overlapWaitMillis = 200;
    assertThat(run(unlimited, new ExecutorSettings(50, 100, 100, 1, Duration.ZERO), new CopyOnWriteArrayList<>()).ok())
        .isTrue();
    assertThat(unlimited.maxBusyHosts.get(Phase.CONTROLPLANE).get()).as("without limits, masters change together")
        .isGreaterThan(1);

    RecordingRunner limited = new RecordingRunner();
    limited.overlapWaitMillis = 20;
    Outcome outcome = run(limited, new ExecutorSettings(50, 1, 2, 1, Duration.ZERO), new CopyOnWriteArrayList<>());
    assertThat(outcome.ok()).isTrue();
    assertThat(limited.maxBusyHosts.get(Phase.CONTROLPLANE).get()).as("control-plane hosts at once").isEqualTo(1);
    assertThat(limited.maxBusyHosts.get(Phase.WORKER).get()).as("worker-phase hosts at once").isLessThanOrEqualTo(2);
  }

  /**
   * The reference cluster deployed before, every host running what the plan runs, except the
   * containers named in {@code gone} ("host/container"): a re-run that changes only those.
   */
  private static Plan rerun(Set<String> gone) {
    ClusterConfig config = ConfigLoader.load(Path.of("../examples/reference-cluster.yml"), Strictness.STRICT).config();
    ClusterState deployed = new ClusterState(config.nodes().stream().map(n -> new ClusterState.NodeRecord(
        n.hostname(), n.address(), n.internalAddress(), n.roles())).toList(), config.kubernetesVersion());
    Map<String, List<ObservedContainer>> running = new LinkedHashMap<>();
    Planner.plan(config, deployed, "fp").containersByHost().forEach((host, specs) -> running.put(host, specs.stream()
        .filter(spec -> !gone.contains(host + "/" + spec.name())).map(ObservedContainer::runningFrom).toList()));
    return Planner.plan(config, deployed, "fp", new Observed(Observed.Source.HOSTS, running, Map.of(), Set.of()));
  }

  @Test
  void theRollingLimitsHoldHostsBackOnlyInAPhaseWhereSomeHostChanges() {
    ExecutorSettings oneAtATime = new ExecutorSettings(50, 1, 1, 1, Duration.ZERO);
    RecordingRunner unchanged = new RecordingRunner();
    unchanged.overlapWaitMillis = 200;
    Outcome nothingChanges = new Executor(oneAtATime, unchanged, event -> { }, Clock.systemUTC()).execute(rerun(Set.of()));
    assertThat(nothingChanges.ok()).isTrue();
    assertThat(unchanged.maxBusyHosts.get(Phase.CONTROLPLANE).get()).as("control-plane hosts checked at once")
        .isGreaterThan(1);
    assertThat(unchanged.maxBusyHosts.get(Phase.WORKER).get()).as("worker-phase hosts checked at once").isGreaterThan(1);

    RecordingRunner oneApiserverGone = new RecordingRunner();
    oneApiserverGone.overlapWaitMillis = 20;
    Plan recreate = rerun(Set.of("master-2/kube-apiserver"));
    assertThat(recreate.steps()).filteredOn(step -> step instanceof Step.RunContainer run && run.change().isChange())
        .extracting(Step::id).containsExactly(new StepId("master-2", "kube-apiserver"));
    Outcome oneChanges = new Executor(oneAtATime, oneApiserverGone, event -> { }, Clock.systemUTC()).execute(recreate);
    assertThat(oneChanges.ok()).isTrue();
    assertThat(oneApiserverGone.maxBusyHosts.get(Phase.CONTROLPLANE).get())
        .as("control-plane hosts at once while one changes").isEqualTo(1);
    assertThat(oneApiserverGone.maxBusyHosts.get(Phase.WORKER).get()).as("worker-phase hosts, none changing")
        .isGreaterThan(1);
  }

  @Test
  void aFailedStepSkipsWhatWaitsForItWhileEverythingElseStillRuns() {
    RecordingRunner runner = new RecordingRunner();
    StepId kubelet = new StepId("worker-2", "kubelet");
    runner.failuresLeft.put(kubelet, new AtomicInteger(Integer.MAX_VALUE));
    List<Event> events = new CopyOnWriteArrayList<>();
    Outcome outcome = run(runner, new ExecutorSettings(8, 100, 100, 2, Duration.ZERO), events);

    assertThat(outcome.failed()).singleElement().satisfies(f -> {
      assertThat(f.step()).isEqualTo(kubelet);
      assertThat(f.attempts()).isEqualTo(2);
      assertThat(f.toString()).isEqualTo("host worker-2, step kubelet (attempt 2): container exited with code 1");
    });
    assertThat(outcome.skipped()).contains(new StepId("worker-2", "kubelet/health"), new StepId("worker-2", "kube-proxy"),
        new StepId(StepId.CLUSTER, "workers-ready"));
    assertThat(outcome.succeeded()).contains(new StepId("worker-1", "kube-proxy/health"),
        new StepId("worker-4", "kube-proxy/health"));
    assertThat(outcome.skipped()).noneMatch(s -> s.host().equals("worker-1"));
    assertThat(events).filteredOn(e -> e instanceof Event.StepSkipped).hasSameSizeAs(outcome.skipped());
  }

  @Test
  void aFlakyStepSucceedsOnItsSecondAttemptButHealthChecksAreNotRepeated() {
    RecordingRunner runner = new RecordingRunner();
    StepId pull = new StepId("master-1", "pull:rancher/hyperkube:v1.13.5-rancher1");
    StepId check = new StepId("worker-3", "kubelet/health");
    runner.failuresLeft.put(pull, new AtomicInteger(1));
    runner.failuresLeft.put(check, new AtomicInteger(1));
    List<Event> events = new CopyOnWriteArrayList<>();
    Outcome outcome = run(runner, new ExecutorSettings(8, 100, 100, 3, Duration.ZERO), events);

    assertThat(outcome.succeeded()).contains(pull);
    assertThat(events).filteredOn(e -> e instanceof Event.StepFailed f && f.step().equals(pull))
        .singleElement().satisfies(e -> assertThat(((Event.StepFailed) e).last()).isFalse());
    assertThat(outcome.failed()).extracting(StepFailure::step).containsExactly(check);
    assertThat(outcome.failed().get(0).attempts()).as("health checks carry their own budget").isEqualTo(1);
  }

  /** A master and two workers, all there before, upgraded from v1.13.5 to v1.14.10. */
  private static Plan upgradePlan() {
    ClusterConfig upgraded = ConfigLoader.parse("cluster.yml", "kubernetes_version: v1.14.10-rancher1-1\nnodes:\n"
        + "  - {address: 10.0.0.1, user: rke, role: [controlplane, etcd], hostname_override: m}\n"
        + "  - {address: 10.0.0.2, user: rke, role: [worker], hostname_override: w1}\n"
        + "  - {address: 10.0.0.3, user: rke, role: [worker], hostname_override: w2}\n", Strictness.STRICT).config();
    ClusterState running = new ClusterState(upgraded.nodes().stream().map(n -> new ClusterState.NodeRecord(
        n.hostname(), n.address(), n.internalAddress(), n.roles())).toList(), "v1.13.5-rancher1-2");
    return Planner.plan(upgraded, running);
  }

  @Test
  void inARollingUpgradeAtMostTheWorkerLimitOfNodesAreCordonedAtOnce() {
    Plan upgrade = upgradePlan();
    List<StepId> cordoned = new CopyOnWriteArrayList<>();
    AtomicInteger most = new AtomicInteger();
    StepRunner runner = step -> {
      synchronized (cordoned) {
        if (step instanceof Step.Cordon) {
          cordoned.add(step.id());
          most.accumulateAndGet(cordoned.size(), Math::max);
          cordoned.notifyAll();
          // a bounded wait for another node to be cordoned too (not a sleep): without the limit, one is
          long deadline = System.currentTimeMillis() + 100;
          while (cordoned.size() < 2 && System.currentTimeMillis() < deadline) {
            cordoned.wait(Math.max(1, deadline - System.currentTimeMillis()));
          }
        } else if (step instanceof Step.Uncordon) {
          cordoned.removeIf(id -> id.host().equals(step.id().host()));
        }
      }
    };
    Outcome outcome = new Executor(new ExecutorSettings(50, 1, 1, 1, Duration.ZERO), runner, event -> { },
        Clock.systemUTC()).execute(upgrade);
    assertThat(outcome.ok()).isTrue();
    assertThat(upgrade.steps()).filteredOn(Step.Cordon.class::isInstance).hasSize(3);
    assertThat(most.get()).as("nodes between their cordon and uncordon at once").isEqualTo(1);
  }

  @Test
  void aNodeThatFailsInARollingUpgradeStopsTheRolloutThere() {
    Plan upgrade = upgradePlan();
    List<StepId> cordoned = new CopyOnWriteArrayList<>();
    StepRunner runner = step -> {
      if (step instanceof Step.Cordon) {
        cordoned.add(step.id());
      }
      if (step.id().name().equals("kubelet/health") && cordoned.size() == 1) {
        throw new IllegalStateException("kubelet not healthy");  // the first node cordoned does not come back
      }
    };
    List<Event> events = new CopyOnWriteArrayList<>();
    Outcome outcome = new Executor(new ExecutorSettings(50, 1, 1, 1, Duration.ZERO), runner, events::add,
        Clock.systemUTC()).execute(upgrade);
    assertThat(outcome.failed()).singleElement().satisfies(f -> assertThat(f.step().name()).isEqualTo("kubelet/health"));
    assertThat(cordoned).as("no other node is cordoned after it").hasSize(1);
    String first = cordoned.get(0).host();
    assertThat(outcome.skipped()).filteredOn(id -> id.name().equals("cordon"))
        .extracting(StepId::host).containsExactlyInAnyOrderElementsOf(
            List.of("m", "w1", "w2").stream().filter(h -> !h.equals(first)).toList());
    assertThat(events).filteredOn(e -> e instanceof Event.StepSkipped).hasSameSizeAs(outcome.skipped());
    assertThat(outcome.succeeded().size() + outcome.failed().size() + outcome.skipped().size())
        .as("every step accounted for").isEqualTo(upgrade.steps().size());
  }

  @Test
  void unavailableCountsFollowRke() {
    assertThat(ExecutorSettings.unavailable("10%", 25)).isEqualTo(2);
    assertThat(ExecutorSettings.unavailable("10%", 4)).as("at least one").isEqualTo(1);
    assertThat(ExecutorSettings.unavailable("3", 25)).isEqualTo(3);
  }

  @Test
  void underRollingLimitsOfOneEveryStepOfAShrinkingClusterRuns() {
    var config = ConfigLoader.parse("cluster.yml", """
        nodes:
          - {address: 10.0.0.1, user: rke, role: [controlplane, etcd], hostname_override: m1}
          - {address: 10.0.0.2, user: rke, role: [controlplane, etcd], hostname_override: m2}
          - {address: 10.0.0.4, user: rke, role: [worker], hostname_override: w1}
          - {address: 10.0.0.5, user: rke, role: [worker], hostname_override: w2}
        """, Strictness.STRICT).config();
    var before = new ClusterState(Stream.of("m1", "m2", "m3", "w1", "w2").map(name -> new ClusterState
        .NodeRecord(name, "10.0.0." + name.charAt(1), "10.0.0." + name.charAt(1), name.startsWith("m")
        ? Set.of(Role.CONTROLPLANE, Role.ETCD)
        : Set.of(Role.WORKER))).toList());
    Plan shrink = Planner.plan(config, before);
    List<Event> events = new CopyOnWriteArrayList<>();
    Outcome outcome = new Executor(new ExecutorSettings(50, 1, 1, 1, Duration.ZERO), new RecordingRunner(), events::add,
        Clock.systemUTC()).execute(shrink);
    assertThat(outcome.ok()).isTrue();
    assertThat(outcome.succeeded()).hasSize(shrink.steps().size())
        .contains(new StepId("m1", "etcd/member-remove:m3"), new StepId("m1", "delete-node:m3"));
  }

  @Test
  void anInterruptedRunStartsNothingMoreAndReturns() throws Exception {
    AtomicInteger started = new AtomicInteger();
    CountDownLatch never = new CountDownLatch(1);
    StepRunner hanging = step -> {
      started.incrementAndGet();
      never.await();  // a step that only ends when interrupted
    };
    AtomicReference<Outcome> outcome = new AtomicReference<>();
    Thread caller = new Thread(() -> outcome.set(new Executor(new ExecutorSettings(4, 100, 100, 1, Duration.ZERO),
        hanging, event -> { }, Clock.systemUTC()).execute(plan)));
    caller.start();
    assertThat(Poll.until(Duration.ofSeconds(10), Duration.ofMillis(10), () -> started.get() == 4))
        .as("four steps hang at once").isTrue();
    caller.interrupt();
    caller.join(Duration.ofSeconds(10).toMillis());
    assertThat(caller.isAlive()).isFalse();
    assertThat(outcome.get().failed()).extracting(StepFailure::cause).containsOnly("interrupted");
    int atReturn = started.get();
    // the interrupted steps end, and their workers would admit what they released: nothing may start
    assertThat(Poll.until(Duration.ofMillis(500), Duration.ofMillis(10), () -> started.get() > atReturn))
        .as("steps started after execute returned").isFalse();
  }

  @Test
  void whatEscapesAWorkerEndsTheRunWithItInsteadOfHangingIt() {
    AtomicInteger ran = new AtomicInteger();
    Error broken = new AssertionError("a runner that breaks its contract");
    StepRunner breaking = step -> {
      if (ran.incrementAndGet() == 5) {
        throw broken;  // not an Exception: the step cannot fail with it, the worker does
      }
    };
    assertThatThrownBy(() -> assertTimeoutPreemptively(Duration.ofSeconds(30), () -> new Executor(
        new ExecutorSettings(4, 100, 100, 1, Duration.ZERO), breaking, event -> { }, Clock.systemUTC()).execute(plan)))
        .isSameAs(broken);
  }
}
