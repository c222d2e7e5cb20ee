package io.slipway.scenarios.check.linear;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties over histories of a simulated linearizable register ({@link RegisterSimulation}):
 * every one passes, and every one with one anomaly injected fails with a window that holds it.
 */
class RandomRegisterHistoriesTest {

  private static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");
  private static final long BOUND = Linearizability.DEFAULT_MAX_STEPS;

  /** The anomalies injected; each makes a history of increments non-linearizable, whatever the rest. */
  enum Anomaly {
    /** A read returns the value an acknowledged cas replaced, though invoked after that cas completed. */
    STALE_READ,
    /** A cas refused for a conflict is acknowledged instead: two successful cas from the same value. */
    DUPLICATE_CAS,
    /** A read returns a value no one wrote, after another operation completed. */
    PHANTOM_VALUE
  }

  private static RegisterSimulation.History simulate(long seed, int clients, double indeterminate) {
    return RegisterSimulation.run(seed, clients, Duration.ofMillis(20), Duration.ofMillis(30), indeterminate,
        Duration.ofSeconds(10), T0);
  }

  @Property(tries = 100)
  void aLinearizableRegistersHistoryAlwaysPasses(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int clients,
      @ForAll @DoubleRange(min = 0, max = 0.2) double indeterminate) {
    RegisterSimulation.History history = simulate(seed, clients, indeterminate);
    Verdict verdict = Linearizability.check(history.operations(), BOUND);
    assertThat(verdict).as("%d operations of %d clients, %.2f indeterminate", history.operations().size(), clients,
        indeterminate).isInstanceOf(Verdict.Linearizable.class);
  }

  @Property(tries = 100)
  void oneInjectedAnomalyAlwaysFailsWithAWindowThatHoldsIt(@ForAll long seed,
      @ForAll @IntRange(min = 2, max = 6) int clients, @ForAll @DoubleRange(min = 0, max = 0.2) double indeterminate,
      @ForAll Anomaly anomaly) {
    RegisterSimulation.History history = simulate(seed, clients, indeterminate);
    List<Operation> ops = new ArrayList<>(history.operations());
    Optional<Operation> injected = inject(anomaly, ops, history.conflicts(), new Random(seed));
    if (injected.isEmpty()) {
      return;  // too short a history to hold that anomaly (rare: ~250 operations per client)
    }
    Verdict verdict = Linearizability.check(ops, BOUND);
    assertThat(verdict).as("%s: %s", anomaly, injected.get().describe()).isInstanceOf(Verdict.NotLinearizable.class);
    assertThat(((Verdict.NotLinearizable) verdict).window()).as("the window holds the anomaly")
        .contains(injected.get());
  }

  private static Optional<Operation> inject(Anomaly anomaly, List<Operation> ops, List<Operation> conflicts,
      Random random) {
    List<Operation> reads = ops.stream().filter(o -> o.kind() == Operation.Kind.READ).toList();
    return switch (anomaly) {
      case STALE_READ -> {
        Operation read = reads.get(reads.size() / 2 + random.nextInt(reads.size() / 2));
        Optional<Operation> replaced = ops.stream().filter(o -> o.kind() == Operation.Kind.CAS && !o.indeterminate()
            && o.completed().isBefore(read.invoked())).max(Comparator.comparing(Operation::completed));
        yield replaced.map(w -> swap(ops, read, Operation.read(read.client(), w.expected(), read.invoked(),
            read.completed())));
      }
      case DUPLICATE_CAS -> conflicts.stream()
          .filter(c -> ops.stream().anyMatch(o -> !o.indeterminate() && o.kind() == Operation.Kind.CAS
              && o.expected() == c.expected()))
          .skip(conflicts.isEmpty() ? 0 : random.nextInt(Math.max(1, conflicts.size() / 2))).findFirst()
          .map(c -> {
            ops.add(c);
            return c;
          });
      case PHANTOM_VALUE -> {
        Operation read = reads.get(1 + random.nextInt(reads.size() - 1));
        yield Optional.of(swap(ops, read, Operation.read(read.client(), 1_000_000 + read.value(), read.invoked(),
            read.completed())));
      }
    };
  }

  private static Operation swap(List<Operation> ops, Operation old, Operation replacement) {
    ops.set(ops.indexOf(old), replacement);
    return replacement;
  }
}
