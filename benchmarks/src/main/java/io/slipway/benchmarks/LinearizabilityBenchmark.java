package io.slipway.benchmarks;

import io.slipway.scenarios.check.linear.Linearizability;
import io.slipway.scenarios.check.linear.Operation;
import io.slipway.scenarios.check.linear.RegisterSimulation;
import io.slipway.scenarios.check.linear.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
 * The {@code linearizable} check on an {@code api_cas} history at the probe's real rate (4 clients,
 * a round every 200 ms, answers within 40 ms, 1% of the writes indeterminate), 1 or 10 minutes
 * long; linearizable as recorded, or with one stale read in the middle (then the time includes
 * finding the shortest window).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
public class LinearizabilityBenchmark {

  @Param({"1", "10"})
  public int minutes;

  @Param({"false", "true"})
  public boolean staleRead;

  private List<Operation> history;

  @Setup
  public void setUp() {
    Instant t0 = Instant.parse("2026-11-27T12:00:00Z");
    history = new ArrayList<>(RegisterSimulation.run(42, 4, Duration.ofMillis(200), Duration.ofMillis(40), 0.01,
        Duration.ofMinutes(minutes), t0).operations());
    if (staleRead) {
      Operation read = history.stream().filter(o -> o.kind() == Operation.Kind.READ).skip(history.size() / 4)
          .findFirst().orElseThrow();
      Operation write = history.stream().filter(o -> o.kind() == Operation.Kind.CAS && !o.indeterminate()
          && o.completed().isBefore(read.invoked())).max(Comparator.comparing(Operation::completed)).orElseThrow();
      history.set(history.indexOf(read), Operation.read(read.client(), write.expected(), read.invoked(),
          read.completed()));
    }
    Verdict verdict = check();
    boolean expected = staleRead ? verdict instanceof Verdict.NotLinearizable : verdict instanceof Verdict.Linearizable;
    if (!expected) {
      throw new IllegalStateException("unexpected verdict " + verdict);
    }
  }

  @Benchmark
  public Verdict check() {
    return Linearizability.check(history, Linearizability.DEFAULT_MAX_STEPS);
  }
}
