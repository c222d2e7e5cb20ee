package io.slipway.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.Role;
import io.slipway.engine.config.Strictness;
import io.slipway.engine.state.ClusterState;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * RKE's addons: one deploy step each, in RKE's order, once every node is labelled. The network
 * plugin, DNS and ingress addons are switched off here (SystemAddonsTest has them); the metrics
 * server stands for the system addons.
 */
class PlannerAddonsTest {

  private static final String NODES = """
      nodes:
        - {address: 10.0.0.1, user: rke, role: [controlplane, etcd], hostname_override: m1}
        - {address: 10.0.0.2, user: rke, role: [controlplane, etcd], hostname_override: m2}
        - {address: 10.0.0.3, user: rke, role: [worker], hostname_override: w1}
      network: {plugin: none}
      dns: {provider: none}
      ingress: {provider: none}
      """;

  /** The cluster's last run: its nodes as cluster.yml has them, an apiserver on each control-plane node. */
  private static final ClusterState DEPLOYED = new ClusterState(List.of(
      new ClusterState.NodeRecord("m1", "10.0.0.1", "10.0.0.1", Set.of(Role.CONTROLPLANE, Role.ETCD)),
      new ClusterState.NodeRecord("m2", "10.0.0.2", "10.0.0.2", Set.of(Role.CONTROLPLANE, Role.ETCD)),
      new ClusterState.NodeRecord("w1", "10.0.0.3", "10.0.0.3", Set.of(Role.WORKER))));

  private static Plan plan(String extra) {
    return plan(extra, ClusterState.EMPTY);
  }

  private static Plan plan(String extra, ClusterState state) {
    ClusterConfig config = ConfigLoader.parse("cluster.yml", NODES + extra, Strictness.STRICT).config();
    return Planner.plan(config, state);
  }

  private static List<Step.DeployAddon> addons(Plan plan) {
    return plan.steps().stream().filter(Step.DeployAddon.class::isInstance).map(Step.DeployAddon.class::cast).toList();
  }

  @Test
  void aClusterWithoutMonitoringOrUserAddonsHasNoAddonStep() {
    assertThat(addons(plan("monitoring: {provider: none}\n"))).isEmpty();
  }

  @Test
  void byDefaultTheMetricsServerIsDeployedAndOnlyWarnsWhenItFails() throws Exception {
    List<Step.DeployAddon> addons = addons(plan(""));
    assertThat(addons).extracting(s -> s.addon().name()).containsExactly("rke-metrics-addon");
    assertThat(addons.get(0).addon().critical()).isFalse();
    String yaml = ((Addon.Inline) addons.get(0).addon().manifest()).yaml();
    assertThat(kinds(yaml)).containsExactly(
        "ClusterRoleBinding/metrics-server:system:auth-delegator", "RoleBinding/metrics-server-auth-reader",
        "APIService/v1beta1.metrics.k8s.io", "ClusterRole/system:metrics-server",
        "ClusterRoleBinding/system:metrics-server", "ServiceAccount/metrics-server", "Deployment/metrics-server",
        "Service/metrics-server");
    assertThat(io.slipway.engine.config.Manifests.problem(yaml)).as("kubectl takes it").isEmpty();
  }

  @Test
  void theMetricsServersDeploymentFollowsTheVersionAndMonitoringSettings() {
    String old = ((Addon.Inline) addons(plan("kubernetes_version: v1.13.5-rancher1-2\n")).get(0).addon().manifest())
        .yaml();
    assertThat(old).contains("image: rancher/metrics-server:v0.3.1").contains("- /metrics-server")
        .contains("targetPort: 443").doesNotContain("livez");
    String modern = ((Addon.Inline) addons(plan("""
        kubernetes_version: v1.30.5-rancher1-1
        monitoring:
          replicas: 2
          node_selector: {tier: infra}
          options: {metric-resolution: 30s}
          metrics_server_priority_class_name: system-cluster-critical
        """)).get(0).addon().manifest()).yaml();
    assertThat(modern).contains("replicas: 2").contains("tier: infra").contains("--secure-port=4443")
        .contains("--metric-resolution=30s").contains("path: /livez").contains("targetPort: 4443")
        .contains("priorityClassName: system-cluster-critical");
  }

  @Test
  void userAddonsThenIncludedFilesRunOneAfterTheOtherOnTheFirstControlPlaneNodeOnceEveryNodeIsLabelled() {
    Plan plan = plan("""
        addons: |
          apiVersion: v1
          kind: Namespace
          metadata: {name: team-a}
        addons_include: [manifests/a.yaml, "https://example.com/b.yaml", /etc/addons/c.yaml]
        addon_job_timeout: 90
        """, DEPLOYED);
    List<Step.DeployAddon> addons = addons(plan);
    assertThat(addons).extracting(s -> s.addon().name()).containsExactly("rke-metrics-addon", Addon.USER,
        Addon.USER_INCLUDES);
    Step.DeployAddon user = addons.get(1);
    Step.DeployAddon includes = addons.get(2);
    assertThat(user.phase()).isEqualTo(Phase.ADDONS);
    assertThat(user.id()).isEqualTo(new StepId("m1", "addon:rke-user-addon"));
    assertThat(user.node()).isEqualTo("m1");
    assertThat(user.timeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(user.image()).startsWith("rancher/hyperkube:");
    assertThat(((Addon.Inline) user.addon().manifest()).yaml()).contains("kind: Namespace");
    assertThat(((Addon.Files) includes.addon().manifest()).paths())
        .as("a URL is left out (Slipway downloads nothing)").containsExactly("manifests/a.yaml", "/etc/addons/c.yaml");
    assertThat(plan.dependenciesOf(includes.id())).containsExactly(user.id());
    List<Step> all = plan.steps().stream().filter(s -> s.phase() == Phase.ADDONS).toList();
    assertThat(all).extracting(Step::describe).containsExactly(
        "remove addon rke-kube-dns-addon if deployed (dns.provider is none)",
        "remove addon rke-coredns-addon if deployed (dns.provider is none)",
        "deploy addon rke-metrics-addon (job rke-metrics-addon-deploy-job on m1)",
        "remove addon rke-ingress-controller if deployed (ingress.provider is none)",
        "deploy addon rke-user-addon (job rke-user-addon-deploy-job on m1)",
        "deploy addon rke-user-includes-addons (job rke-user-includes-addons-deploy-job on m1)");
    assertThat(plan.dependenciesOf(user.id())).containsExactly(all.get(3).id());
    assertThat(plan.dependenciesOf(all.get(0).id())).containsExactlyInAnyOrder(new StepId("m1", "label-node:m1"),
        new StepId("m1", "label-node:m2"), new StepId("m1", "label-node:w1"));
  }

  @Test
  void aNewClusterHasNoAddonToRemove() {
    assertThat(plan("").steps()).filteredOn(Step.RemoveAddon.class::isInstance).isEmpty();
    assertThat(plan("", DEPLOYED).steps()).filteredOn(Step.RemoveAddon.class::isInstance)
        .extracting(s -> ((Step.RemoveAddon) s).addon())
        .containsExactly("rke-kube-dns-addon", "rke-coredns-addon", "rke-ingress-controller");
  }

  @Test
  void aZeroTimeoutIsRkesDefault() {
    Step.DeployAddon addon = addons(plan("addons: '{apiVersion: v1, kind: List, items: []}'\naddon_job_timeout: 0\n"))
        .get(1);
    assertThat(addon.timeout()).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void anAddonToApplyIsListedWithItsReasonAndCounted() throws Exception {
    Plan plan = plan("addons: '{apiVersion: v1, kind: List, items: []}'\n");
    PlanChanges changes = PlanChanges.of(plan, List.of(), List.of(new AddonChange("m1", Addon.USER,
        "its manifest differs from ConfigMap kube-system/rke-user-addon")));
    assertThat(changes.any()).isTrue();
    String text = io.slipway.engine.plan.render.ChangesText.render(changes, "the 3 nodes", List.of());
    assertThat(text).contains("  ~ apply addon rke-user-addon (its manifest differs from ConfigMap "
        + "kube-system/rke-user-addon)").contains("; 1 addon to apply");
    com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(io.slipway.engine.plan.render.ChangesJson.render(changes, "hosts", List.of()));
    assertThat(json.path("changes").findValuesAsText("addon")).containsExactly(Addon.USER);
  }

  /** The manifest's objects as {@code Kind/name}, in order. */
  private static List<String> kinds(String yaml) throws Exception {
    List<String> kinds = new java.util.ArrayList<>();
    var documents = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readerFor(
        com.fasterxml.jackson.databind.JsonNode.class).<com.fasterxml.jackson.databind.JsonNode>readValues(yaml);
    while (documents.hasNext()) {
      com.fasterxml.jackson.databind.JsonNode object = documents.next();
      kinds.add(object.path("kind").asText() + "/" + object.path("metadata").path("name").asText());
    }
    return kinds;
  }
}
