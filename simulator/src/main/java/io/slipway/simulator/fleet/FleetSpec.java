package io.slipway.simulator.fleet;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/** What a fleet consists of. Invariant: at least one node, node names unique. */
public record FleetSpec(String name, List<NodeSpec> nodes) {

  public FleetSpec {
    Objects.requireNonNull(name, "name");
    nodes = List.copyOf(nodes);
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a fleet needs at least one node");
    }
    var seen = new HashSet<String>();
    for (NodeSpec node : nodes) {
      if (!seen.add(node.name())) {
        throw new IllegalArgumentException("duplicate node name " + node.name());
      }
    }
  }

  public FleetSpec withName(String newName) {
    return new FleetSpec(newName, nodes);
  }
}
