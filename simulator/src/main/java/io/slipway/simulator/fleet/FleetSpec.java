package io.slipway.simulator.fleet;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * What a fleet consists of: nodes, load-balancer nodes in front of the controlplane nodes, and
 * whether those hold a floating address (keepalived). Invariant: at least one node, names unique
 * across nodes and load balancers, a floating address only with a load balancer.
 */
public record FleetSpec(String name, List<NodeSpec> nodes, List<String> loadBalancers, boolean floatingAddress) {

  public FleetSpec {
    Objects.requireNonNull(name, "name");
    nodes = List.copyOf(nodes);
    loadBalancers = List.copyOf(loadBalancers);
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a fleet needs at least one node");
    }
    var seen = new HashSet<String>();
    for (NodeSpec node : nodes) {
      if (!seen.add(node.name())) {
        throw new IllegalArgumentException("duplicate node name " + node.name());
      }
    }
    for (String lb : loadBalancers) {
      if (!seen.add(lb)) {
        throw new IllegalArgumentException("duplicate node name " + lb);
      }
    }
    if (floatingAddress && loadBalancers.isEmpty()) {
      throw new IllegalArgumentException("a floating address needs at least one load balancer");
    }
  }

  /** A fleet of nodes only. */
  public FleetSpec(String name, List<NodeSpec> nodes) {
    this(name, nodes, List.of(), false);
  }

  public FleetSpec withName(String newName) {
    return new FleetSpec(newName, nodes, loadBalancers, floatingAddress);
  }
}
