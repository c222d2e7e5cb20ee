package io.slipway.scenarios.check.linear;

import java.time.Instant;
import java.util.List;

/**
 * What the linearizability check concluded about a history: linearizable, not (with the shortest
 * window it found that cannot be linearized on its own), or neither, because the bound on work was
 * reached first (never a pass). {@code steps} is the work done, over every search it ran.
 */
public sealed interface Verdict {

  long steps();

  /** Some order of the operations, each at an instant within its interval, obeys the register. */
  record Linearizable(int operations, long steps) implements Verdict {
  }

  /**
   * No such order exists; already not for {@code window}, the operations from the quiet instant
   * {@code from} to the quiet instant {@code to} (no determinate operation in flight at either) and
   * the indeterminate ones invoked earlier that could still take effect in it.
   */
  record NotLinearizable(List<Operation> window, Instant from, Instant to, long steps) implements Verdict {
    public NotLinearizable {
      window = List.copyOf(window);
    }
  }

  /** The search gave up at its bound: {@code maxSteps} for one search, over {@code operations}. */
  record Exhausted(int operations, long maxSteps, long steps) implements Verdict {
  }
}
