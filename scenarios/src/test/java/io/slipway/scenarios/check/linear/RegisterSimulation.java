package io.slipway.scenarios.check.linear;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Histories of a real, linearizable register, made as the {@code api_cas} probe makes them: each of
 * {@code clients} loops reading the value v, then at once a compare-and-set v → v+1, then waits
 * {@code interval}. Every operation takes effect at one instant drawn inside its interval (so the
 * history is linearizable by construction); a share {@code indeterminate} of the compare-and-sets
 * lose their answer (half of those never reached the register). Seeded: the same seed gives the
 * same history.
 */
public final class RegisterSimulation {

  /** What the clients saw: the operations the checker judges, and the compare-and-sets refused for a conflict. */
  public record History(List<Operation> operations, List<Operation> conflicts) {
  }

  private record Event(long at, long order, Runnable action) {
  }

  private final Random random;
  private final long maxLatencyNanos;
  private final double indeterminate;
  private final PriorityQueue<Event> events = new PriorityQueue<>(Comparator.comparingLong(Event::at)
      .thenComparingLong(Event::order));
  private final List<Operation> operations = new ArrayList<>();
  private final List<Operation> conflicts = new ArrayList<>();
  private final Instant start;
  private long order;
  private long now;
  private long lastScheduled;
  private long value;

  private RegisterSimulation(long seed, Duration maxLatency, double indeterminate, Instant start) {
    this.random = new Random(seed);
    this.maxLatencyNanos = maxLatency.toNanos();
    this.indeterminate = indeterminate;
    this.start = start;
  }

  /** {@code clients} clients for {@code length} from {@code start}, each operation at most {@code maxLatency} long. */
  public static History run(long seed, int clients, Duration interval, Duration maxLatency, double indeterminate,
      Duration length, Instant start) {
    RegisterSimulation sim = new RegisterSimulation(seed, maxLatency, indeterminate, start);
    for (int c = 1; c <= clients; c++) {
      int client = c;
      sim.at(sim.latency(), () -> sim.read(client, interval.toNanos(), length.toNanos()));
    }
    while (!sim.events.isEmpty()) {
      Event e = sim.events.poll();
      sim.now = e.at();
      e.action().run();
    }
    List<Operation> ops = new ArrayList<>(sim.operations);
    ops.sort(Comparator.comparing(Operation::invoked));
    return new History(ops, List.copyOf(sim.conflicts));
  }

  private void read(int client, long interval, long length) {
    if (now > length) {
      return;
    }
    long invoked = now;
    long[] seen = new long[1];
    at(latency(), () -> seen[0] = value);
    long returned = lastScheduled + latency();
    events.add(new Event(returned, order++, () -> {
      operations.add(Operation.read(client, seen[0], instant(invoked), instant(now)));
      at(latency() / 10, () -> cas(client, seen[0], interval, length));
    }));
  }

  private void cas(int client, long expected, long interval, long length) {
    long invoked = now;
    boolean answered = random.nextDouble() >= indeterminate;
    boolean arrives = answered || random.nextBoolean();
    boolean[] took = new boolean[1];
    at(latency(), () -> {
      if (arrives && value == expected) {
        value = expected + 1;
        took[0] = true;
      }
    });
    long returned = lastScheduled + latency();
    events.add(new Event(returned, order++, () -> {
      if (!answered) {
        operations.add(Operation.indeterminate(client, expected, expected + 1, instant(invoked)));
      } else if (took[0]) {
        operations.add(Operation.cas(client, expected, expected + 1, instant(invoked), instant(now)));
      } else {
        conflicts.add(Operation.cas(client, expected, expected + 1, instant(invoked), instant(now)));
      }
      at(interval, () -> read(client, interval, length));
    }));
  }

  private void at(long delay, Runnable action) {
    lastScheduled = now + delay;
    events.add(new Event(lastScheduled, order++, action));
  }

  private long latency() {
    return 1 + (long) (random.nextDouble() * maxLatencyNanos / 2);
  }

  private Instant instant(long nanos) {
    return start.plusNanos(nanos);
  }
}
