package io.slipway.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.Role;
import io.slipway.engine.config.Strictness;
import io.slipway.engine.state.ClusterState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Plans made against what the hosts run: every container step carries the diff's decision. */
class PlannerObservedTest {

  private static final String CLUSTER = """
      nodes:
        - {address: 10.0.0.1, user: rke, role: [controlplane, etcd], hostname_override: m1}
        - {address: 10.0.0.2, user: rke, role: [worker], hostname_override: w1}
        - {address: 10.0.0.3, user: rke, role: [worker], hostname_override: w2}
      """;
  private static final String MORE_PODS = CLUSTER + """
      services:
        kubelet:
          extra_args: {max-pods: "250"}
      """;

  private final ClusterConfig config = ConfigLoader.parse("cluster.yml", CLUSTER, Strictness.STRICT).config();
  private final ClusterState deployed = new ClusterState(List.of(
      new ClusterState.NodeRecord("m1", "10.0.0.1", "10.0.0.1", Set.of(Role.CONTROLPLANE, Role.ETCD)),
      new ClusterState.NodeRecord("w1", "10.0.0.2", "10.0.0.2", Set.of(Role.WORKER)),
      new ClusterState.NodeRecord("w2", "10.0.0.3", "10.0.0.3", Set.of(Role.WORKER))));

  /** What the hosts run after an up of {@code config}: exactly its containers, running. */
  private Observed runningAsPlanned(ClusterConfig config) {
    return Observations.runningAsPlanned(config, deployed);
  }

  private static List<String> changes(Plan plan) {
    return PlanChanges.of(plan, List.of()).entries().stream()
        .map(e -> e.host() + " " + e.symbol() + " " + e.subject() + " " + e.reasons()).toList();
  }

  @Test
  void hostsRunningThePlanKeepEveryContainer() {
    Plan plan = Planner.plan(config, deployed, "fp", runningAsPlanned(config));
    PlanChanges changes = PlanChanges.of(plan, List.of());
    assertThat(changes.any()).as("nothing to change: %s", changes.entries()).isFalse();
    assertThat(changes.summary()).isEqualTo(
        "Plan: 0 to create, 0 to replace, 0 to start, 0 to remove, 16 unchanged; 0 files to change");
  }

  @Test
  void aKubeletExtraArgReplacesExactlyTheKubeletsNamingTheFlag() {
    ClusterConfig morePods = ConfigLoader.parse("cluster.yml", MORE_PODS, Strictness.STRICT).config();
    assertThat(changes(Planner.plan(morePods, deployed, "fp", runningAsPlanned(config)))).containsExactly(
        "m1 ~ kubelet [args changed: --max-pods]", "w1 ~ kubelet [args changed: --max-pods]",
        "w2 ~ kubelet [args changed: --max-pods]");
  }

  @Test
  void aStoppedContainerIsStartedAndAStrayManagedOneRemoved() {
    Observed observed = runningAsPlanned(config);
    Map<String, List<ObservedContainer>> hosts = new LinkedHashMap<>(observed.containers());
    List<ObservedContainer> w1 = new ArrayList<>(hosts.get("w1").stream()
        .map(c -> c.name().equals("kube-proxy") ? c.stopped() : c).toList());
    w1.add(ObservedContainer.recorded("kube-scheduler", "0000"));
    hosts.put("w1", w1);
    Plan plan = Planner.plan(config, deployed, "fp", new Observed(Observed.Source.HOSTS, hosts, Map.of(), Set.of()));
    assertThat(changes(plan)).containsExactly("w1 > kube-proxy [stopped]", "w1 - kube-scheduler []");
  }

  @Test
  void aRemovedNodeThatCannotBeReachedIsLeftAsItWasButLeavesTheCluster() {
    ClusterConfig twoNodes = ConfigLoader.parse("cluster.yml", CLUSTER.replace(
        "  - {address: 10.0.0.3, user: rke, role: [worker], hostname_override: w2}\n", ""), Strictness.STRICT).config();
    Observed observed = runningAsPlanned(config);
    Map<String, List<ObservedContainer>> hosts = new LinkedHashMap<>(observed.containers());
    hosts.remove("w2");
    Plan plan = Planner.plan(twoNodes, deployed, "fp", new Observed(Observed.Source.HOSTS, hosts, Map.of(),
        Set.of("w2")));
    assertThat(plan.steps()).as("no step runs on the unreachable node").noneMatch(s -> s.id().host().equals("w2"));
    assertThat(changes(plan)).containsExactly("m1 - w2 []");
  }

  @Test
  void offlinePlansAssumeWhatTheStateRecorded() {
    Map<String, Map<String, String>> recorded = new LinkedHashMap<>();
    Planner.plan(config, deployed, "fp").containersByHost().forEach((host, specs) -> {
      Map<String, String> hashes = new LinkedHashMap<>();
      specs.forEach(s -> hashes.put(s.name(), s.labels().get(ContainerSpec.HASH_LABEL)));
      recorded.put(host, hashes);
    });
    ClusterState state = new ClusterState(deployed.nodes().stream().map(n -> new ClusterState.NodeRecord(n.hostname(),
        n.address(), n.internalAddress(), n.roles(), null, recorded.get(n.hostname()))).toList());
    ClusterConfig morePods = ConfigLoader.parse("cluster.yml", MORE_PODS, Strictness.STRICT).config();
    assertThat(PlanChanges.of(Planner.plan(config, state, "fp"), List.of()).any()).isFalse();
    assertThat(changes(Planner.plan(morePods, state, "fp"))).hasSize(3).allMatch(c -> c.contains("~ kubelet"));
  }
}
