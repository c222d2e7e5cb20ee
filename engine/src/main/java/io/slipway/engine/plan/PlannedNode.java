package io.slipway.engine.plan;

import io.slipway.engine.config.NodeConfig;
import io.slipway.engine.config.Role;
import java.util.List;
import java.util.Set;

/**
 * One node as the planner works it out, once per plan: its roles, the containers it should run
 * (each name once, in start order) and the positions of its prepare steps (its files and images)
 * in the plan being built. Every phase reads the node from here instead of working it out again.
 */
record PlannedNode(NodeConfig node, Set<Role> roles, List<ContainerSpec> containers, int[] prepared) {

  String hostname() {
    return node.hostname();
  }

  boolean has(Role role) {
    return roles.contains(role);
  }

  /** The spec of the container named {@code name}, null when the node runs none. */
  ContainerSpec container(String name) {
    for (ContainerSpec spec : containers) {
      if (spec.name().equals(name)) {
        return spec;
      }
    }
    return null;
  }
}
