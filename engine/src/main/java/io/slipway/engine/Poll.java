package io.slipway.engine;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition by polling it, always against a deadline. */
public final class Poll {

  private Poll() {
  }

  /**
   * Polls {@code condition} every {@code interval} until it holds.
   *
   * @return whether it held before {@code timeout} ran out
   */
  public static boolean until(Duration timeout, Duration interval, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (condition.getAsBoolean()) {
        return true;
      }
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      try {
        Thread.sleep(interval.toMillis());  // the polling interval of a deadline-bound wait
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }
}
