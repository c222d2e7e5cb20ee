package io.slipway.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.Role;
import io.slipway.engine.config.Strictness;
import io.slipway.engine.state.ClusterState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** An etcd member seen without its data directory leaves the cluster and joins it again as a new member. */
class PlannerLostEtcdDataTest {

  private static final String CLUSTER = """
      nodes:
        - {address: 10.0.0.1, user: rke, role: [controlplane, etcd, worker], hostname_override: m1}
        - {address: 10.0.0.2, user: rke, role: [controlplane, etcd, worker], hostname_override: m2}
        - {address: 10.0.0.3, user: rke, role: [controlplane, etcd, worker], hostname_override: m3}
      """;

  private final ClusterConfig config = ConfigLoader.parse("cluster.yml", CLUSTER, Strictness.STRICT).config();
  private final ClusterState deployed = new ClusterState(List.of(
      new ClusterState.NodeRecord("m1", "10.0.0.1", "10.0.0.1", Set.of(Role.CONTROLPLANE, Role.ETCD, Role.WORKER)),
      new ClusterState.NodeRecord("m2", "10.0.0.2", "10.0.0.2", Set.of(Role.CONTROLPLANE, Role.ETCD, Role.WORKER)),
      new ClusterState.NodeRecord("m3", "10.0.0.3", "10.0.0.3", Set.of(Role.CONTROLPLANE, Role.ETCD, Role.WORKER))));

  private Observed running() {
    return Observations.runningAsPlanned(config, deployed);
  }

  private static List<String> changes(Plan plan) {
    return PlanChanges.of(plan, List.of()).entries().stream()
        .map(e -> e.host() + " " + e.symbol() + " " + e.subject() + " " + e.reasons()).toList();
  }

  @Test
  void aMemberWithoutItsDataLeavesJoinsAgainAndIsStartedAsAJoiningMember() {
    Plan plan = Planner.plan(config, deployed, "fp", running().withEtcdDataLost(Set.of("m2")));

    assertThat(changes(plan)).containsExactly(
        "m1 - etcd-m2 [https://10.0.0.2:2380]",
        "m1 + etcd-m2 [https://10.0.0.2:2380]",
        "m2 ~ etcd [its data directory is gone: it joins again as a new member]");
    StepId remove = new StepId("m1", "etcd/member-remove:m2");
    StepId add = new StepId("m1", "etcd/member-add:m2");
    StepId start = new StepId("m2", "etcd");
    assertThat(plan.dependenciesOf(add)).contains(remove);
    assertThat(plan.dependenciesOf(start)).contains(add);
    assertThat(plan.dependenciesOf(remove)).as("m1's member is checked before m2's is touched")
        .contains(new StepId("m1", "etcd/health"));
    Step.RunContainer etcd = (Step.RunContainer) plan.step(start);
    assertThat(etcd.spec().command()).contains("--initial-cluster-state=existing");
  }

  @Test
  void aLostMemberWhoseContainerIsGoneIsCreated() {
    Observed observed = running();
    Map<String, List<ObservedContainer>> hosts = new LinkedHashMap<>(observed.containers());
    hosts.put("m3", hosts.get("m3").stream().filter(c -> !c.name().equals("etcd")).toList());
    Plan plan = Planner.plan(config, deployed, "fp",
        new Observed(Observed.Source.HOSTS, hosts, Map.of(), Set.of()).withEtcdDataLost(Set.of("m3")));

    assertThat(changes(plan)).containsExactly(
        "m1 - etcd-m3 [https://10.0.0.3:2380]",
        "m1 + etcd-m3 [https://10.0.0.3:2380]",
        "m3 + etcd []");
  }

  @Test
  void theFirstMemberLosingItsDataIsAnnouncedByTheNext() {
    Plan plan = Planner.plan(config, deployed, "fp", running().withEtcdDataLost(Set.of("m1")));

    assertThat(plan.steps()).extracting(Step::id).contains(new StepId("m2", "etcd/member-remove:m1"),
        new StepId("m2", "etcd/member-add:m1"));
  }

  @Test
  void everyMemberWithoutDataIsRefusedWithTheWayOut() {
    assertThatThrownBy(() -> Planner.plan(config, deployed, "fp", running().withEtcdDataLost(Set.of("m1", "m2", "m3"))))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("every etcd member of the running cluster has lost its data (m1, m2, m3")
        .hasMessageContaining("slipway etcd snapshot-restore");
  }

  @Test
  void aNewClusterIgnoresEmptyDataDirectories() {
    Plan plan = Planner.plan(config, ClusterState.EMPTY, "fp", Observed.NOTHING.withEtcdDataLost(Set.of("m1")));

    assertThat(plan.steps()).noneMatch(step -> step instanceof Step.EtcdMember);
  }
}
