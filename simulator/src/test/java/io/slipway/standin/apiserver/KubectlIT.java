package io.slipway.standin.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.Strictness;
import io.slipway.engine.plan.Addon;
import io.slipway.engine.plan.Planner;
import io.slipway.engine.plan.Step;
import io.slipway.engine.state.ClusterState;
import io.slipway.simulator.kubectl.Kubectl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real kubectl (Debian's 1.20) against stand-in apiservers on real etcd. */
class KubectlIT {

  @TempDir
  static Path dir;

  static LocalControlPlane plane;

  @BeforeAll
  static void start() {
    plane = new LocalControlPlane(dir, 2);
    try (KubernetesClient client = plane.client(0)) {
      client.nodes().resource(new NodeBuilder().withNewMetadata().withName("worker-1")
          .addToLabels("node-role.kubernetes.io/worker", "true").endMetadata()
          .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
          .withNewNodeInfo().withKubeletVersion("v1.13.5").endNodeInfo().endStatus().build()).create();
    }
  }

  @AfterAll
  static void stop() {
    if (plane != null) {
      plane.close();
    }
  }

  @Test
  void getNodesPrintsTheRealColumns() throws Exception {
    Kubectl.Result result = Kubectl.at(plane.kubeconfig(1)).run("get", "nodes");
    assertThat(result.exit()).as("kubectl get nodes; stderr: %s", result.stderr()).isZero();
    assertThat(result.stdout().lines().findFirst().orElse("")).matches("NAME\\s+STATUS\\s+ROLES\\s+AGE\\s+VERSION");
    assertThat(result.stdout()).containsPattern("worker-1\\s+Ready\\s+worker\\s+\\S+\\s+v1\\.13\\.5");
  }

  @Test
  void getNodesAsJsonParses() throws Exception {
    Kubectl.Result result = Kubectl.at(plane.kubeconfig(0)).run("get", "nodes", "-o", "json");
    assertThat(result.exit()).as("stderr: %s", result.stderr()).isZero();
    JsonNode list = new ObjectMapper().readTree(result.stdout());
    assertThat(list.path("items").get(0).path("metadata").path("name").asText()).isEqualTo("worker-1");
  }

  /**
   * The user addons of RKE's own example files (a CIS-hardened cluster's network policy and
   * default service account, the docs' namespace and config map) apply with the real kubectl,
   * twice (the second apply changes nothing), as RKE's addon job applies them.
   */
  @Test
  void theUserAddonsOfRkesExampleFilesApplyAndApplyAgainUnchanged() throws Exception {
    int applied = 0;
    try (var files = Files.list(Path.of("../engine/src/test/resources/cluster-files/rke"))) {
      for (Path file : files.sorted().toList()) {
        String addons = ConfigLoader.load(file, Strictness.LENIENT).config().addons();
        if (addons == null || addons.isBlank()) {
          continue;
        }
        Kubectl.Result first = Kubectl.at(plane.kubeconfig(0)).runWithInput(addons, "apply", "-f", "-");
        assertThat(first.exit()).as("%s: %s", file, first.stderr()).isZero();
        Kubectl.Result again = Kubectl.at(plane.kubeconfig(1)).runWithInput(addons, "apply", "-f", "-");
        assertThat(again.exit()).as("%s again: %s", file, again.stderr()).isZero();
        assertThat(again.stdout().lines()).as("%s", file).allMatch(line -> line.endsWith(" unchanged"));
        applied++;
      }
    }
    assertThat(applied).as("files with user addons").isGreaterThanOrEqualTo(2);
    assertThat(Kubectl.at(plane.kubeconfig(0)).run("get", "networkpolicy", "default-allow-all", "-o", "name").stdout())
        .isEqualTo("networkpolicy.networking.k8s.io/default-allow-all\n");
  }

  /** The metrics-server addon as the planner renders it, in its 0.3 (v1.13) and 0.5 (v1.30) forms, applies. */
  @Test
  void theMetricsServerAddonAppliesInBothForms() {
    for (String version : List.of("v1.13.5-rancher1-2", "v1.30.5-rancher1-1")) {
      ClusterConfig config = ConfigLoader.parse("cluster.yml", "nodes: [{address: 10.0.0.1, user: rke, role: "
          + "[controlplane, etcd, worker]}]\nkubernetes_version: " + version + "\n", Strictness.STRICT).config();
      String manifest = Planner.plan(config, ClusterState.EMPTY).steps().stream()
          .filter(Step.DeployAddon.class::isInstance).map(s -> ((Step.DeployAddon) s).addon())
          .filter(a -> a.name().equals("rke-metrics-addon")).map(a -> ((Addon.Inline) a.manifest()).yaml())
          .findFirst().orElseThrow();
      Kubectl.Result applied = Kubectl.at(plane.kubeconfig(0)).runWithInput(manifest, "apply", "-f", "-");
      assertThat(applied.exit()).as("%s: %s", version, applied.stderr()).isZero();
      assertThat(applied.stdout()).contains("deployment.apps/metrics-server")
          .contains("apiservice.apiregistration.k8s.io/v1beta1.metrics.k8s.io");
    }
    assertThat(Kubectl.at(plane.kubeconfig(1)).run("get", "deployment", "metrics-server", "-n", "kube-system", "-o",
        "jsonpath={.spec.template.spec.containers[0].args}").stdout()).contains("--secure-port=4443");
  }

  /**
   * RKE's system addons as the planner renders them (every network plugin, both DNS providers and
   * NodeLocal DNS, the ingress controller) apply with the real kubectl, in five forms from 1.13 to
   * 1.30 (SystemAddonsTest renders every plugin and provider in every form), a second apply of the
   * same manifest changes nothing, and deleting what a manifest lists (as RKE's delete jobs do)
   * goes through.
   */
  @Test
  void everySystemAddonAppliesInEveryFormAndAgainUnchanged() {
    List<String[]> cases = List.of(new String[] {"v1.13.5-rancher1-2", "canal", "kube-dns"},
        new String[] {"v1.18.20-rancher1-3", "flannel", "coredns"}, new String[] {"v1.20.15-rancher2-2", "weave", "coredns"},
        new String[] {"v1.24.17-rancher1-1", "calico", "kube-dns"}, new String[] {"v1.30.5-rancher1-1", "canal", "coredns"});
    for (String[] c : cases) {
      boolean last = c == cases.get(cases.size() - 1);
      ClusterConfig config = ConfigLoader.parse("cluster.yml", "nodes: [{address: 10.0.0.1, user: rke, role: "
          + "[controlplane, etcd, worker]}]\nkubernetes_version: " + c[0] + "\nnetwork: {plugin: " + c[1]
          + "}\ndns: {provider: " + c[2] + ", nodelocal: {ip_address: 169.254.20.10}}\n", Strictness.STRICT).config();
      List<Addon> addons = Planner.plan(config, ClusterState.EMPTY).steps().stream()
          .filter(Step.DeployAddon.class::isInstance).map(s -> ((Step.DeployAddon) s).addon()).toList();
      assertThat(addons).extracting(Addon::name).contains("rke-network-plugin", "rke-" + c[2] + "-addon",
          "rke-nodelocal-addon", "rke-ingress-controller");
      for (Addon addon : addons) {
        String manifest = ((Addon.Inline) addon.manifest()).yaml();
        String what = String.join(" ", c) + " " + addon.name();
        Kubectl.Result applied = Kubectl.at(plane.kubeconfig(0)).runWithInput(manifest, "apply", "-f", "-");
        assertThat(applied.exit()).as("%s: %s", what, applied.stderr()).isZero();
        if (c[0].startsWith("v1.13") || last) {
          Kubectl.Result again = Kubectl.at(plane.kubeconfig(1)).runWithInput(manifest, "apply", "-f", "-");
          assertThat(again.exit()).as("%s again: %s", what, again.stderr()).isZero();
          assertThat(again.stdout().lines()).as(what + " again").allMatch(line -> line.endsWith(" unchanged"));
        }
        if (!last) {  // as RKE's delete jobs would, before another plugin or provider goes on
          Kubectl.Result deleted = Kubectl.at(plane.kubeconfig(0)).runWithInput(manifest, "delete",
              "--ignore-not-found", "--wait=false", "-f", "-");
          assertThat(deleted.exit()).as("delete %s: %s", what, deleted.stderr()).isZero();
        }
      }
    }
    assertThat(Kubectl.at(plane.kubeconfig(0)).run("get", "daemonset", "canal", "-n", "kube-system", "-o",
        "jsonpath={.spec.template.spec.containers[*].name}").stdout()).isEqualTo("calico-node kube-flannel");
    assertThat(Kubectl.at(plane.kubeconfig(1)).run("get", "crd", "ippools.crd.projectcalico.org", "-o",
        "jsonpath={.spec.names.kind}").stdout()).isEqualTo("IPPool");
  }

  @Test
  void applyThenGetRoundTripsAConfigMap() throws Exception {
    Path manifest = dir.resolve("cm.yaml");
    Files.writeString(manifest, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\n  namespace: default\n"
        + "data:\n  mode: blue\n  size: \"3\"\n");
    Kubectl.Result created = Kubectl.at(plane.kubeconfig(0)).run("apply", "-f", manifest.toString());
    assertThat(created.exit()).as("apply; stderr: %s", created.stderr()).isZero();
    assertThat(created.stdout()).contains("configmap/app-config created");

    Files.writeString(manifest, Files.readString(manifest).replace("blue", "green"));
    Kubectl.Result configured = Kubectl.at(plane.kubeconfig(1)).run("apply", "-f", manifest.toString());
    assertThat(configured.exit()).as("second apply; stderr: %s", configured.stderr()).isZero();
    assertThat(configured.stdout()).contains("configmap/app-config configured");

    Kubectl.Result table = Kubectl.at(plane.kubeconfig(0)).run("get", "cm", "app-config");
    assertThat(table.stdout()).containsPattern("NAME\\s+DATA\\s+AGE").containsPattern("app-config\\s+2\\s+");
    Kubectl.Result value = Kubectl.at(plane.kubeconfig(1)).run("get", "configmap", "app-config", "-o",
        "jsonpath={.data.mode}");
    assertThat(value.stdout()).isEqualTo("green");
  }

  @Test
  void aRequestWithoutAClientCertificateIsRefused() throws Exception {
    // A user with no credentials at all would make kubectl prompt for a password; a token is
    // sent instead, which the apiserver does not accept (only x509 client certificates).
    Path anonymous = dir.resolve("anonymous-kubeconfig");
    Files.writeString(anonymous, """
        apiVersion: v1
        kind: Config
        clusters:
        - cluster: {certificate-authority: %s, server: "https://127.0.0.1:%d"}
          name: local
        contexts:
        - context: {cluster: local, user: nobody}
          name: local
        current-context: local
        users:
        - name: nobody
          user: {token: not-a-credential-the-apiserver-accepts}
        """.formatted(plane.etcd.caFile(), plane.ports.get(0)));
    Kubectl.Result result = Kubectl.at(anonymous).run("get", "configmaps");
    assertThat(result.exit()).isNotZero();
    assertThat(result.stderr()).contains("Unauthorized");
  }
}
