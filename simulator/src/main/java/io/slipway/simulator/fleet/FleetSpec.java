package io.slipway.simulator.fleet;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a fleet consists of: nodes, load-balancer nodes in front of the controlplane nodes,
 * whether those hold a floating address (keepalived), and DNS names every node resolves to one
 * of them ({@code hostNames}: name to a node or load balancer, or {@link #FLOATING_ADDRESS}).
 * {@code engines}: the Docker engines it is spread over; none for the local engine.
 * Invariant: at least one node, names unique across nodes and load balancers, a floating address
 * only with a load balancer, every host name's target in the fleet.
 */
public record FleetSpec(String name, List<NodeSpec> nodes, List<String> loadBalancers, boolean floatingAddress,
    Map<String, String> hostNames, List<EngineSpec> engines) {

  /** The target of a host name that resolves to the floating address. */
  public static final String FLOATING_ADDRESS = "floating_address";

  /**
   * The longest fleet name: the CLI's {@code fleet up --name} and {@code fleet down --name} take
   * no longer one (FleetNames), so a fleet named in a file can always be removed by its name.
   */
  public static final int MAX_NAME = 42;

  public FleetSpec {
    Objects.requireNonNull(name, "name");
    nodes = List.copyOf(nodes);
    loadBalancers = List.copyOf(loadBalancers);
    hostNames = Map.copyOf(hostNames);
    engines = List.copyOf(engines);
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
    for (Map.Entry<String, String> host : hostNames.entrySet()) {
      boolean known = seen.contains(host.getValue()) || floatingAddress && host.getValue().equals(FLOATING_ADDRESS);
      if (!known) {
        throw new IllegalArgumentException("host name " + host.getKey() + " names " + host.getValue()
            + ", which is no node or load balancer of the fleet");
      }
    }
  }

  /** A fleet on the local Docker engine. */
  public FleetSpec(String name, List<NodeSpec> nodes, List<String> loadBalancers, boolean floatingAddress,
      Map<String, String> hostNames) {
    this(name, nodes, loadBalancers, floatingAddress, hostNames, List.of());
  }

  public FleetSpec(String name, List<NodeSpec> nodes, List<String> loadBalancers, boolean floatingAddress) {
    this(name, nodes, loadBalancers, floatingAddress, Map.of());
  }

  /** A fleet of nodes only. */
  public FleetSpec(String name, List<NodeSpec> nodes) {
    this(name, nodes, List.of(), false);
  }

  public FleetSpec withName(String newName) {
    return new FleetSpec(newName, nodes, loadBalancers, floatingAddress, hostNames, engines);
  }

  /** The same fleet spread over {@code spread} (none: the local engine). */
  public FleetSpec withEngines(List<EngineSpec> spread) {
    return new FleetSpec(name, nodes, loadBalancers, floatingAddress, hostNames, spread);
  }
}
