package io.slipway.scenarios.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.engine.config.Role;
import io.slipway.scenarios.model.Target;
import io.slipway.scenarios.probe.ApiProbes;
import io.slipway.scenarios.probe.ClusterAccess;
import io.slipway.scenarios.probe.EtcdProbe;
import io.slipway.simulator.fleet.Fleet;
import io.slipway.simulator.fleet.FleetNode;
import io.slipway.simulator.fleet.LoadBalancer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.Random;

/**
 * Resolves a fault's target to node names when the fault starts: by name, by role (chosen with
 * the scenario's seeded random, from the nodes sorted by name, so a seed always picks the same),
 * as the holder of a component's lease, as the etcd leader, as the nodes on one engine, or as
 * the active load balancer.
 */
final class Targets {

  private final Fleet fleet;
  private final List<FleetNode> clusterNodes;
  private final Random random;
  private final ClusterAccess access;
  private final EtcdProbe etcd;

  Targets(Fleet fleet, List<FleetNode> clusterNodes, Random random, ClusterAccess access, EtcdProbe etcd) {
    this.fleet = fleet;
    this.clusterNodes = clusterNodes;
    this.random = random;
    this.access = access;
    this.etcd = etcd;
  }

  List<String> resolve(Target target) {
    return target.accept(new Target.Visitor<List<String>>() {
      @Override
      public List<String> named(Target.Named named) {
        boolean known = fleet.nodes().stream().anyMatch(n -> n.name().equals(named.name()))
            || fleet.loadBalancers().stream().anyMatch(lb -> lb.name().equals(named.name()));
        if (!known) {
          throw new IllegalArgumentException("fleet " + fleet.name() + " has no node or load balancer " + named.name());
        }
        return List.of(named.name());
      }

      @Override
      public List<String> withRole(Target.WithRole withRole) {
        Role role = Role.parse(withRole.role()).orElseThrow();
        List<String> candidates = new ArrayList<>(clusterNodes.stream().filter(n -> n.roles().contains(role))
            .map(FleetNode::name).sorted().toList());
        if (candidates.size() < withRole.count()) {
          throw new IllegalArgumentException("only " + candidates.size() + " nodes have role " + withRole.role()
              + "; the fault wants " + withRole.count());
        }
        Collections.shuffle(candidates, random);
        return List.copyOf(candidates.subList(0, withRole.count()).stream().sorted().toList());
      }

      @Override
      public List<String> leaderOf(Target.LeaderOf leader) {
        JsonNode lease = ClusterAccess.json(require().get("/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/"
            + leader.component())).orElseThrow(() -> new IllegalStateException("cannot read the lease of "
            + leader.component()));
        String holder = ApiProbes.holderNode(lease);
        if (holder.isEmpty()) {
          throw new IllegalStateException("no node holds the lease of " + leader.component());
        }
        return List.of(holder);
      }

      @Override
      public List<String> etcdLeader(Target.EtcdLeader leader) {
        if (etcd == null) {
          throw new IllegalStateException("the etcd leader is known only once the cluster is up");
        }
        return List.of(etcd.leader().orElseThrow(() -> new IllegalStateException("no etcd member reports a leader")));
      }

      @Override
      public List<String> onEngine(Target.OnEngine onEngine) {
        List<String> nodes = fleet.nodes().stream().map(FleetNode::name)
            .filter(node -> onEngine.engine().equals(fleet.placement().get(node))).sorted().toList();
        if (nodes.isEmpty()) {
          throw new IllegalArgumentException("no node of fleet " + fleet.name() + " runs on " + onEngine.engine()
              + (fleet.placement().isEmpty() ? ": the fleet runs on the local engine alone"
              : "; the nodes run on " + String.join(", ", new TreeSet<>(fleet.placement().values()))));
        }
        return nodes;
      }

      @Override
      public List<String> activeLoadBalancer(Target.ActiveLoadBalancer active) {
        List<LoadBalancer> lbs = fleet.loadBalancers();
        if (lbs.isEmpty()) {
          throw new IllegalArgumentException("fleet " + fleet.name() + " has no load balancer");
        }
        return List.of(lbs.stream().filter(LoadBalancer::holdsFloatingAddress).findFirst().orElse(lbs.get(0)).name());
      }
    });
  }

  private ClusterAccess require() {
    if (access == null) {
      throw new IllegalStateException("lease holders are known only once the cluster is up");
    }
    return access;
  }
}
