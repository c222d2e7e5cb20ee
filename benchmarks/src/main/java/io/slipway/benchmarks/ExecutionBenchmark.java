package io.slipway.benchmarks;

import io.slipway.engine.event.EventSink;
import io.slipway.engine.exec.Executor;
import io.slipway.engine.exec.ExecutorSettings;
import io.slipway.engine.exec.Outcome;
import io.slipway.engine.plan.Plan;
import io.slipway.engine.plan.Planner;
import io.slipway.engine.plan.Step;
import io.slipway.engine.state.ClusterState;
import java.time.Clock;
import java.time.Duration;
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
 * The real executor running a new cluster's plan over an in-memory transport whose every step
 * (gates aside) takes {@code latencyMs}. Compare the time with {@link PlanBounds#lowerBound}: the
 * least any executor could take at that parallelism; benchmarks/run prints the ratio.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
public class ExecutionBenchmark {

  @Param({"10", "100", "1000", "10000"})
  public int hosts;

  @Param({"10", "50", "200"})
  public int parallelism;

  @Param({"5"})
  public int latencyMs;

  private Plan plan;

  @Setup
  public void setUp() {
    plan = Planner.plan(Topologies.cluster(hosts, 3), ClusterState.EMPTY);
  }

  @Benchmark
  public Outcome execute() {
    long latency = TimeUnit.MILLISECONDS.toNanos(latencyMs);
    Outcome outcome = new Executor(new ExecutorSettings(parallelism, Integer.MAX_VALUE, Integer.MAX_VALUE, 1,
        Duration.ZERO), step -> {
          if (!(step instanceof Step.Gate)) {
            TimeUnit.NANOSECONDS.sleep(latency);  // the simulated host's work
          }
        }, EventSink.none(), Clock.systemUTC()).execute(plan);
    if (!outcome.ok()) {
      throw new IllegalStateException("the in-memory run failed: " + outcome.failed());
    }
    return outcome;
  }
}
