package io.slipway.scenarios.audit;

import io.slipway.reports.history.Entry;
import io.slipway.simulator.fleet.FleetSpec;
import io.slipway.simulator.fleet.NodeSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet a topology implies: one fake node per node of the file (its name, roles, SSH port and
 * user, capacity by role), and a load-balancer node running nginx for each address of
 * {@code authentication.sans} that is no node's — or, with a floating address, one keepalived
 * pair holding it; DNS names there resolve on every fake node to that endpoint. Each address of
 * the file maps onto the fleet address standing in for it,
 * written as the placeholder the scenario runner fills in ({@code ${node:NAME}}, {@code ${lb:NAME}},
 * {@code ${lb}} for the floating address).
 */
public record FleetShape(FleetSpec fleet, List<String> loadBalancers, List<Entry.Audit.Address> addresses) {

  /** At most this many nodes fit one fleet on one Docker network. */
  public static final int MAX_NODES = 100;

  public FleetShape {
    loadBalancers = List.copyOf(loadBalancers);
    addresses = List.copyOf(addresses);
  }

  public static FleetShape of(Topology topology, Capacities capacities) {
    if (topology.members().size() > MAX_NODES) {
      throw new IllegalArgumentException(topology.source() + " has " + topology.members().size()
          + " nodes; one fleet holds at most " + MAX_NODES);
    }
    List<NodeSpec> nodes = new ArrayList<>();
    List<Entry.Audit.Address> addresses = new ArrayList<>();
    for (Topology.Member m : topology.members()) {
      nodes.add(new NodeSpec(m.name(), m.roles(), capacities.of(m.roles()), m.node().sshPort(), user(m)));
      addresses.add(new Entry.Audit.Address(m.node().address(), node(m), "nodes[" + m.index() + "].address"));
      String internal = m.node().internalAddress();
      if (internal != null && !internal.isEmpty() && !internal.equals(m.node().address())) {
        addresses.add(new Entry.Audit.Address(internal, node(m), "nodes[" + m.index() + "].internal_address"));
      }
    }
    List<String> lbs = new ArrayList<>();
    int count = topology.loadBalancers();
    for (int i = 0; i < count; i++) {
      lbs.add(count == 1 ? "lb" : "lb-" + (i + 1));
    }
    for (int i = 0; i < topology.lbAddresses().size(); i++) {
      String address = topology.lbAddresses().get(i);
      addresses.add(topology.floatingAddress()
          ? new Entry.Audit.Address(address, "${lb}", "SAN: the floating address of " + String.join(" and ", lbs))
          : new Entry.Audit.Address(address, "${lb:" + lbs.get(i) + "}", "SAN: load balancer " + lbs.get(i)));
    }
    // DNS names in the SANs resolve, on every fake node, to what stands in for the API endpoint
    String endpoint = topology.floatingAddress() ? FleetSpec.FLOATING_ADDRESS : !lbs.isEmpty() ? lbs.get(0)
        : topology.firstControlplane().name();
    Map<String, String> hostNames = new LinkedHashMap<>();
    for (String name : topology.sanNames()) {
      hostNames.put(name, endpoint);
      addresses.add(new Entry.Audit.Address(name, endpoint.equals(FleetSpec.FLOATING_ADDRESS) ? "${lb}"
          : !lbs.isEmpty() ? "${lb:" + endpoint + "}" : "${node:" + endpoint + "}",
          "SAN (a name, kept): every fake node resolves it to " + (endpoint.equals(FleetSpec.FLOATING_ADDRESS)
              ? "the floating address" : endpoint)));
    }
    String fleetName = Topology.label(topology.config().clusterName() == null ? "audit"
        : topology.config().clusterName());
    return new FleetShape(new FleetSpec(fleetName, nodes, lbs, topology.floatingAddress(), hostNames), lbs,
        addresses);
  }

  /** The user a member's fake node has: the file's, when it makes a user name there, else root. */
  static String user(Topology.Member member) {
    String user = member.node().user();
    return NodeSpec.isUserName(user) ? user : NodeSpec.ROOT;
  }

  /** The placeholder of a member's fleet address. */
  static String node(Topology.Member member) {
    return "${node:" + member.name() + "}";
  }
}
