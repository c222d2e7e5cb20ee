package io.slipway.benchmarks;

import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.plan.ContainerChange;
import io.slipway.engine.plan.ContainerSpec;
import io.slipway.engine.plan.Diff;
import io.slipway.engine.plan.ObservedContainer;
import io.slipway.engine.plan.Plan;
import io.slipway.engine.plan.Planner;
import io.slipway.engine.state.ClusterState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How the pure planner's cost grows with the cluster: a plan for {@code nodes} nodes (3 or 5
 * masters, the rest workers); beside it the floor, a plan of the same shape built with no
 * planning logic; and the diff of every host's plan against containers that already match it
 * (what a second {@code up} computes).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
// The JIT takes some ten seconds of planning to settle (times at 10,000 nodes fall by a third after the first few)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
public class PlanningBenchmark {

  @Param({"10", "100", "1000", "10000", "100000"})
  public int nodes;

  @Param({"3", "5"})
  public int masters;

  private ClusterConfig config;
  private Map<String, List<ContainerSpec>> desired;
  private Map<String, List<ObservedContainer>> observed;
  private PlanShape shape;

  @Setup
  public void setUp() {
    config = Topologies.cluster(nodes, masters);
    Plan plan = Planner.plan(config, ClusterState.EMPTY);
    shape = PlanShape.of(plan);
    desired = plan.containersByHost();
    observed = new HashMap<>();
    desired.forEach((host, specs) -> observed.put(host, specs.stream().map(ObservedContainer::runningFrom).toList()));
  }

  @Benchmark
  public Plan plan() {
    return Planner.plan(config, ClusterState.EMPTY);
  }

  /**
   * The floor: a plan with as many steps and edges as {@link #plan()} makes, on the same hosts
   * with the same names, each step a gate, and no planning logic at all. What the plan's
   * representation costs by itself; {@code plan} over {@code floor} is what planning adds.
   */
  @Benchmark
  public Plan floor() {
    return shape.build();
  }

  /** Every host's desired containers against running ones that match: zero changes, all compared. */
  @Benchmark
  public int diffAgainstItsOwnResult() {
    int changes = 0;
    for (Map.Entry<String, List<ContainerSpec>> host : desired.entrySet()) {
      changes += (int) Diff.between(host.getValue(), observed.get(host.getKey())).stream()
          .filter(c -> !(c instanceof ContainerChange.Keep)).count();
    }
    if (changes != 0) {
      throw new IllegalStateException(changes + " changes between a plan and its own result");
    }
    return changes;
  }
}
