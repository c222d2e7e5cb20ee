package io.slipway.engine.exec;

import java.time.Duration;

/**
 * How a plan runs: how many steps at once, how many hosts may be changing at once in the
 * control-plane and worker phases, and how often a failed step is tried.
 */
public record ExecutorSettings(int parallelism, int maxUnavailableControlplane, int maxUnavailableWorker,
    int attempts, Duration retryDelay) {

  public ExecutorSettings {
    if (parallelism < 1 || maxUnavailableControlplane < 1 || maxUnavailableWorker < 1 || attempts < 1) {
      throw new IllegalArgumentException("parallelism, limits and attempts must be at least 1");
    }
  }

  /** RKE's fixed worker pool is 50; rolling limits do not bind a new cluster. */
  public static ExecutorSettings defaults() {
    return new ExecutorSettings(50, Integer.MAX_VALUE, Integer.MAX_VALUE, 2, Duration.ofSeconds(1));
  }

  /**
   * RKE's {@code max_unavailable_*} values applied to a count of hosts: {@code 10%} of 25 workers
   * is 2 (rounded down, at least 1); a plain number is taken as is.
   */
  public static int unavailable(String value, int hosts) {
    String v = value.trim();
    int n = v.endsWith("%") ? Integer.parseInt(v.substring(0, v.length() - 1)) * hosts / 100 : Integer.parseInt(v);
    return Math.max(1, n);
  }
}
