package io.slipway.simulator.fleet;

/**
 * Labels on every container and network a fleet creates: teardown, {@code fleet ls} and
 * {@code fleet down} find the fleet's resources by them (Ryuk is off; see docs/fleet.md).
 */
public final class FleetLabels {
  /** A unique id per fleet start; teardown removes everything carrying it. */
  public static final String RUN = "slipway.run";
  /** The fleet's name. */
  public static final String FLEET = "slipway.fleet";
  /** What the container is: {@code node} or {@code registry}. */
  public static final String KIND = "slipway.kind";
  /** The node's name within its fleet. */
  public static final String NODE = "slipway.node";
  /** The node's roles, e.g. {@code controlplane,etcd}. */
  public static final String ROLES = "slipway.roles";
  /** The node's internal address on the fleet network. */
  public static final String ADDRESS = "slipway.address";
  /**
   * The process a scoped fleet lives for, {@code HOST/PID/START} ({@link FleetOwner}): a
   * fleet whose process is gone (killed, so its shutdown hook never ran) is reaped by the next
   * fleet start. Detached fleets (the CLI's) carry none: they outlive their process on purpose.
   */
  public static final String OWNER = "slipway.owner";
  /** Where the fleet keeps its keys and generated files. */
  public static final String DIRECTORY = "slipway.dir";

  private FleetLabels() {
  }
}
