package io.slipway.simulator.fleet;

/** How long a fleet's containers live. */
public enum Lifetime {
  /** Removed by {@link Fleet#close()}, and by a shutdown hook if the JVM ends first (tests). */
  SCOPED,
  /**
   * Kept running after the JVM exits; removed by {@code slipway fleet down} (the CLI). With Ryuk
   * off, Testcontainers removes its session's containers from a shutdown hook unless they are
   * "reusable", so detached containers are created reusable, which needs
   * {@code TESTCONTAINERS_REUSE_ENABLE=true} (bin/slipway sets it). Their names, ports and run
   * labels are unique, so no container is ever actually reused.
   */
  DETACHED
}
