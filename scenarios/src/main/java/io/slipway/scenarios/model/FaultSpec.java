package io.slipway.scenarios.model;

/** A failure to inject, on a target; every kind has its heal. */
public sealed interface FaultSpec {

  Target target();

  /** SIGKILL of a component container's main process; its node's dockerd restarts it (restart policy always). */
  record Kill(String container, Target target) implements FaultSpec {
  }

  /** {@code docker stop} of a component container; healed by starting it. */
  record StopContainer(String container, Target target) implements FaultSpec {
  }

  /** Powers the node off; healed by starting it. */
  record StopNode(Target target) implements FaultSpec {
  }

  /** Freezes every process of the node; healed by unfreezing. */
  record PauseNode(Target target) implements FaultSpec {
  }

  /** Reboots the node; nothing to heal, its components come back by restart policy. */
  record RebootNode(Target target) implements FaultSpec {
  }

  /** Takes the node off the fleet network; healed by putting it back. */
  record Partition(Target target) implements FaultSpec {
  }

  /** Stops a load balancer; healed by starting it. */
  record StopLoadBalancer(Target target) implements FaultSpec {
  }
}
