package io.slipway.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.Role;
import io.slipway.engine.config.Strictness;
import io.slipway.engine.state.ClusterState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** How the last known state changes a plan: joining etcd members, removed nodes and roles. */
class PlannerStateTest {

  private static final String TWO_NODES = """
      nodes:
        - {address: 10.0.0.1, user: rke, role: [controlplane, etcd, worker], hostname_override: a}
        - {address: 10.0.0.2, user: rke, role: [etcd, worker], hostname_override: b}
      """;

  private final ClusterState previous = new ClusterState(List.of(
      new ClusterState.NodeRecord("a", "10.0.0.1", "10.0.0.1", Set.of(Role.CONTROLPLANE, Role.ETCD, Role.WORKER)),
      new ClusterState.NodeRecord("c", "10.0.0.3", "10.0.0.3", Set.of(Role.WORKER))));

  private final Plan plan = Planner.plan(ConfigLoader.parse("cluster.yml", TWO_NODES, Strictness.STRICT).config(), previous);

  @Test
  void aNewEtcdMemberJoinsTheExistingClusterWhileKnownMembersKeepTheirFlags() {
    assertThat(command("b", "etcd")).contains("--initial-cluster-state=existing");
    assertThat(command("a", "etcd")).contains("--initial-cluster-state=new");
  }

  @Test
  void theContainersOfARemovedNodeAreRemovedAfterTheWorkersAreReady() {
    assertThat(plan.steps()).filteredOn(s -> s instanceof Step.RemoveContainer && s.id().host().equals("c"))
        .extracting(s -> ((Step.RemoveContainer) s).container().name())
        .containsExactlyInAnyOrder("nginx-proxy", "service-sidekick", "kubelet", "kube-proxy");
    assertThat(plan.dependenciesOf(new StepId("c", "remove:kubelet"))).containsExactly(Planner.WORKERS_READY);
    assertThat(plan.steps()).filteredOn(s -> s instanceof Step.RemoveContainer && s.id().host().equals("a"))
        .as("nothing is removed from a node whose roles did not change").isEmpty();
  }

  @Test
  void aJoiningEtcdMemberIsAnnouncedThroughAMemberThatStaysBeforeItStarts() {
    StepId add = new StepId("a", "etcd/member-add:b");
    assertThat(plan.step(add)).isEqualTo(new Step.EtcdMember(add, Phase.ETCD, true, "etcd-b", "https://10.0.0.2:2380"));
    assertThat(plan.dependenciesOf(new StepId("b", "etcd"))).contains(add);
    assertThat(plan.dependenciesOf(add)).as("after the member before it is healthy")
        .containsExactly(new StepId("a", "etcd/health"));
  }

  @Test
  void aDepartedEtcdMemberLeavesTheMembershipBeforeItsContainerGoesAndItsNodeObjectIsDeleted() {
    ClusterState three = new ClusterState(List.of(
        new ClusterState.NodeRecord("a", "10.0.0.1", "10.0.0.1", Set.of(Role.CONTROLPLANE, Role.ETCD, Role.WORKER)),
        new ClusterState.NodeRecord("b", "10.0.0.2", "10.0.0.2", Set.of(Role.ETCD, Role.WORKER)),
        new ClusterState.NodeRecord("d", "10.0.0.4", "10.0.0.4", Set.of(Role.ETCD, Role.WORKER))));
    Plan shrink = Planner.plan(ConfigLoader.parse("cluster.yml", TWO_NODES, Strictness.STRICT).config(), three);
    StepId leave = new StepId("a", "etcd/member-remove:d");
    assertThat(shrink.step(leave)).isEqualTo(new Step.EtcdMember(leave, Phase.ETCD, false, "etcd-d",
        "https://10.0.0.4:2380"));
    assertThat(shrink.dependenciesOf(new StepId("d", "remove:etcd"))).contains(leave);
    assertThat(shrink.dependenciesOf(new StepId("a", "delete-node:d"))).containsExactly(new StepId("d", "remove:kubelet"));
    assertThat(shrink.dependenciesOf(new StepId("d", "remove:pod-containers"))).as("what its kubelet ran for pods, "
        + "once the kubelet is gone").containsExactly(new StepId("d", "remove:kubelet"));
    assertThat(shrink.steps()).as("no member is added when none joins")
        .noneMatch(s -> s instanceof Step.EtcdMember m && m.add());
  }

  @Test
  void replacingEveryEtcdMemberAtOnceIsRefused() {
    ClusterState others = new ClusterState(List.of(
        new ClusterState.NodeRecord("x", "10.0.0.7", "10.0.0.7", Set.of(Role.CONTROLPLANE, Role.ETCD, Role.WORKER))));
    assertThat(Assertions.catchThrowable(() -> Planner.plan(
        ConfigLoader.parse("cluster.yml", TWO_NODES, Strictness.STRICT).config(), others)))
        .isInstanceOf(PlanException.class).hasMessageContaining("keep at least one of them in the etcd role");
  }

  @Test
  void inAnExistingClusterEachEtcdMemberIsHealthyBeforeTheNextIsTouched() {
    assertThat(plan.dependenciesOf(new StepId("b", "etcd"))).contains(new StepId("a", "etcd/health"));
    Plan fresh = Planner.plan(ConfigLoader.parse("cluster.yml", TWO_NODES, Strictness.STRICT).config(), ClusterState.EMPTY);
    assertThat(fresh.dependenciesOf(new StepId("a", "etcd/health")))
        .as("a new cluster checks members once all run (quorum)").contains(new StepId("b", "etcd"));
  }

  @Test
  void whereNoEtcdMemberChangesEveryMemberIsCheckedAtOnceAndOneChangingRollsThemAgain() {
    var config = ConfigLoader.parse("cluster.yml", TWO_NODES, Strictness.STRICT).config();
    ClusterState both = new ClusterState(List.of(
        new ClusterState.NodeRecord("a", "10.0.0.1", "10.0.0.1", Set.of(Role.CONTROLPLANE, Role.ETCD, Role.WORKER)),
        new ClusterState.NodeRecord("b", "10.0.0.2", "10.0.0.2", Set.of(Role.ETCD, Role.WORKER))));
    Observed running = Observations.runningAsPlanned(config, both);
    Plan unchanged = Planner.plan(config, both, "fp", running);
    assertThat(unchanged.dependenciesOf(new StepId("b", "etcd"))).as("an unchanged member waits for no other's check")
        .doesNotContain(new StepId("a", "etcd/health"));

    Map<String, List<ObservedContainer>> withoutEtcdOnB = new LinkedHashMap<>(running.containers());
    withoutEtcdOnB.put("b", running.containers().get("b").stream().filter(c -> !c.name().equals("etcd")).toList());
    Plan oneChanges = Planner.plan(config, both, "fp", new Observed(Observed.Source.HOSTS, withoutEtcdOnB, Map.of(),
        Set.of()));
    assertThat(oneChanges.dependenciesOf(new StepId("b", "etcd"))).as("a member that changes waits for the one before")
        .contains(new StepId("a", "etcd/health"));
  }

  @Test
  void newCertificatesChangeEveryComponentButNginxProxy() {
    var config = ConfigLoader.parse("cluster.yml", TWO_NODES, Strictness.STRICT).config();
    var before = Planner.plan(config, previous, "aaaa").containersByHost().get("b");
    var after = Planner.plan(config, previous, "bbbb").containersByHost().get("b");
    assertThat(after).extracting(ContainerSpec::name).contains("nginx-proxy", "etcd", "kubelet");
    for (int i = 0; i < before.size(); i++) {
      String name = before.get(i).name();
      if (name.equals("nginx-proxy") || name.equals("service-sidekick")) {
        assertThat(after.get(i).hash()).as(name + " uses no certificate").isEqualTo(before.get(i).hash());
      } else {
        assertThat(after.get(i).hash()).as(name).isNotEqualTo(before.get(i).hash());
      }
    }
  }

  private List<String> command(String host, String container) {
    return plan.containersByHost().get(host).stream().filter(c -> c.name().equals(container)).findFirst().orElseThrow()
        .command();
  }
}
