package io.slipway.simulator.fleet;

/** How long a fleet's containers live. */
public enum Lifetime {
  /** Removed by {@link Fleet#close()}, and by a shutdown hook if the JVM ends first (tests). */
  SCOPED,
  /** Kept running after the JVM exits; removed by {@code slipway fleet down} (the CLI). */
  DETACHED
}
