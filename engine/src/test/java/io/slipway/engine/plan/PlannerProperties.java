package io.slipway.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.NodeConfig;
import io.slipway.engine.config.Role;
import io.slipway.engine.config.Strictness;
import io.slipway.engine.plan.render.PlanJson;
import io.slipway.engine.state.ClusterState;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of plans over random valid topologies (1 to 40 nodes, any mix of roles). */
class PlannerProperties {

  @Property(tries = 200)
  void everyEtcdNodeGetsEtcdAndSnapshotsWhenTheyAreOn(@ForAll("clusters") ClusterConfig config) {
    Plan plan = Planner.plan(config, ClusterState.EMPTY);
    for (NodeConfig node : config.nodes()) {
      List<String> names = plan.containersByHost().get(node.hostname()).stream().map(ContainerSpec::name).toList();
      if (node.has(Role.ETCD)) {
        assertThat(names).as("containers on etcd node %s", node.hostname()).contains("etcd");
        assertThat(names.contains("etcd-rolling-snapshots")).as("snapshots beside etcd on %s", node.hostname())
            .isEqualTo(config.services().etcd().snapshot());
      } else {
        assertThat(names).as("containers on %s", node.hostname()).doesNotContain("etcd");
      }
      assertThat(names).as("every node runs kubelet and kube-proxy").contains("kubelet", "kube-proxy");
    }
  }

  @Property(tries = 200)
  void everyNodeWithoutAnApiserverProxiesToEveryApiserver(@ForAll("clusters") ClusterConfig config) {
    Plan plan = Planner.plan(config, ClusterState.EMPTY);
    String apiservers = config.nodes().stream().filter(n -> n.has(Role.CONTROLPLANE)).map(NodeConfig::internalAddress)
        .collect(Collectors.joining(","));
    for (NodeConfig node : config.nodes()) {
      List<ContainerSpec> specs = plan.containersByHost().get(node.hostname());
      var proxy = specs.stream().filter(c -> c.name().equals("nginx-proxy")).findFirst();
      if (node.has(Role.CONTROLPLANE)) {
        assertThat(proxy).as("no nginx-proxy beside an apiserver on %s", node.hostname()).isEmpty();
      } else {
        assertThat(proxy).as("nginx-proxy on %s", node.hostname()).isPresent();
        assertThat(proxy.get().env()).contains("CP_HOSTS=" + apiservers);
      }
    }
  }

  @Property(tries = 200)
  void noStepWaitsForALaterPhase(@ForAll("clusters") ClusterConfig config) {
    Plan plan = Planner.plan(config, ClusterState.EMPTY);
    for (Plan.Edge edge : plan.edges()) {
      assertThat(plan.step(edge.from()).phase()).as("phase of %s, which %s waits for", edge.from(), edge.to())
          .isLessThanOrEqualTo(plan.step(edge.to()).phase());
    }
    assertThat(plan.topologicalOrder()).as("the plan is acyclic and complete").hasSameSizeAs(plan.steps());
  }

  @Property(tries = 100)
  void planningIsDeterministic(@ForAll("clusters") ClusterConfig config) {
    assertThat(PlanJson.render(Planner.plan(config, ClusterState.EMPTY)))
        .isEqualTo(PlanJson.render(Planner.plan(config, ClusterState.EMPTY)));
  }

  @Property(tries = 200)
  void aPlanDiffedAgainstItsOwnResultChangesNothing(@ForAll("clusters") ClusterConfig config) {
    Planner.plan(config, ClusterState.EMPTY).containersByHost().forEach((host, specs) ->
        assertThat(Diff.between(specs, specs.stream().map(ObservedContainer::runningFrom).toList()))
            .as("changes on %s", host).noneMatch(ContainerChange::isChange));
  }

  @Provide
  Arbitrary<ClusterConfig> clusters() {
    Arbitrary<Set<Role>> roles = Arbitraries.subsetOf(Role.values()).ofMinSize(1);
    return roles.list().ofMinSize(1).ofMaxSize(40)
        .filter(list -> list.stream().anyMatch(r -> r.contains(Role.ETCD))
            && list.stream().anyMatch(r -> r.contains(Role.CONTROLPLANE))
            && list.stream().anyMatch(r -> r.contains(Role.WORKER)))
        .flatMap(list -> Combinators.combine(Arbitraries.just(list), Arbitraries.of("v1.13.5-rancher1-2",
            "v1.20.15-rancher2-2", "v1.27.16-rancher1-1"), Arbitraries.of(true, false)).as(PlannerProperties::yaml))
        .map(yaml -> ConfigLoader.parse("random.yml", yaml, Strictness.STRICT).config());
  }

  private static String yaml(List<Set<Role>> roles, String version, boolean snapshots) {
    StringBuilder out = new StringBuilder("kubernetes_version: " + version + "\nservices:\n  etcd:\n    snapshot: "
        + snapshots + "\nnodes:\n");
    for (int i = 0; i < roles.size(); i++) {
      String rolesList = EnumSet.copyOf(roles.get(i)).stream().map(Role::yamlName).collect(Collectors.joining(", "));
      out.append("  - address: 10.1.").append(i / 250).append('.').append(i % 250 + 1).append('\n')
          .append("    user: rke\n    hostname_override: node-").append(i).append('\n')
          .append("    role: [").append(rolesList).append("]\n");
    }
    return out.toString();
  }
}
