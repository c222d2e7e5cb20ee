package io.slipway.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.Role;
import io.slipway.engine.config.Strictness;
import io.slipway.engine.state.ClusterState;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A changed kubernetes_version rolls: every node that was there is cordoned before its worker components, uncordoned after. */
class RollingUpgradeTest {

  private static final String NODES = """
      nodes:
        - {address: 10.0.0.1, user: rke, role: [controlplane, etcd], hostname_override: m}
        - {address: 10.0.0.2, user: rke, role: [worker], hostname_override: w1}
        - {address: 10.0.0.3, user: rke, role: [worker], hostname_override: w2}
      """;

  private static final ClusterState ON_1_13 = new ClusterState(List.of(
      new ClusterState.NodeRecord("m", "10.0.0.1", "10.0.0.1", Set.of(Role.CONTROLPLANE, Role.ETCD)),
      new ClusterState.NodeRecord("w1", "10.0.0.2", "10.0.0.2", Set.of(Role.WORKER))), "v1.13.5-rancher1-2");

  private static ClusterConfig config(String version, String strategy) {
    return ConfigLoader.parse("cluster.yml", "kubernetes_version: " + version + "\n" + strategy + NODES,
        Strictness.STRICT).config();
  }

  @Test
  void eachNodeThatWasThereIsCordonedBeforeItsWorkerComponentsAndUncordonedAfterThem() {
    Plan plan = Planner.plan(config("v1.14.1-rancher1-1", ""), ON_1_13);
    StepId cordon = new StepId("w1", "cordon");
    StepId uncordon = new StepId("w1", "uncordon");
    assertThat(plan.step(cordon)).isEqualTo(new Step.Cordon(cordon, Phase.WORKER, "w1", null));
    assertThat(plan.dependenciesOf(new StepId("w1", "nginx-proxy"))).containsExactly(cordon);
    assertThat(plan.dependenciesOf(cordon)).contains(Planner.CONTROLPLANE_READY);
    assertThat(plan.dependenciesOf(uncordon)).containsExactly(new StepId("w1", "kube-proxy/health"));
    assertThat(plan.dependenciesOf(Planner.WORKERS_READY)).contains(uncordon);
    assertThat(plan.step(new StepId("m", "cordon"))).as("the master's kubelet is replaced too").isNotNull();
    assertThat(plan.steps()).filteredOn(s -> s.id().host().equals("w2")).as("w2 joins: nothing to cordon")
        .noneMatch(s -> s instanceof Step.Cordon || s instanceof Step.Uncordon);
  }

  @Test
  void withDrainTheCordonDrainsAsNodeDrainInputSays() {
    Plan plan = Planner.plan(config("v1.14.1-rancher1-1", """
        upgrade_strategy:
          drain: true
          node_drain_input: {force: true, grace_period: 30, timeout: 60}
        """), ON_1_13);
    Step.Cordon cordon = (Step.Cordon) plan.step(new StepId("w1", "cordon"));
    assertThat(cordon.drain()).isEqualTo(new DrainSettings(true, true, false, 30, Duration.ofSeconds(60),
        "policy/v1beta1"));
    assertThat(cordon.describe()).isEqualTo("cordon and drain node w1");
  }

  @Test
  void aNodeAnInterruptedUpgradeReplacedAlreadyIsUncordonedButNotCordonedAgain() {
    ClusterConfig upgraded = config("v1.14.1-rancher1-1", "");
    Map<String, String> w1 = new HashMap<>();
    Planner.plan(upgraded, ClusterState.EMPTY).steps().stream()
        .filter(s -> s instanceof Step.RunContainer && s.id().host().equals("w1")).map(s -> ((Step.RunContainer) s).spec())
        .forEach(spec -> w1.put(spec.name(), spec.labels().get(ContainerSpec.HASH_LABEL)));
    ClusterState halfway = new ClusterState(List.of(ON_1_13.nodes().get(0),
        new ClusterState.NodeRecord("w1", "10.0.0.2", "10.0.0.2", Set.of(Role.WORKER), null, w1)), "v1.13.5-rancher1-2");
    Plan plan = Planner.plan(upgraded, halfway);
    assertThat(plan.steps()).as("its components run the new version already")
        .noneMatch(step -> step.id().equals(new StepId("w1", "cordon")));
    assertThat(plan.dependenciesOf(new StepId("w1", "uncordon"))).containsExactly(new StepId("w1", "kube-proxy/health"));
  }

  @Test
  void theSameVersionOrAStateThatRecordedNoneCordonsNothing() {
    ClusterState unversioned = new ClusterState(ON_1_13.nodes());
    for (Plan plan : List.of(Planner.plan(config("v1.13.5-rancher1-2", ""), ON_1_13),
        Planner.plan(config("v1.14.1-rancher1-1", ""), unversioned))) {
      assertThat(plan.steps()).noneMatch(s -> s instanceof Step.Cordon || s instanceof Step.Uncordon);
    }
  }
}
