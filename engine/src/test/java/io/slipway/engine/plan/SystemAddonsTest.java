package io.slipway.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.Manifests;
import io.slipway.engine.config.Strictness;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RKE's system addons: which, in what order, and what their manifests hold for a cluster.yml. */
class SystemAddonsTest {

  private static final String NODES = """
      nodes:
        - {address: 10.0.0.1, user: rke, role: [controlplane, etcd], hostname_override: m1}
        - {address: 10.0.0.3, user: rke, role: [worker], hostname_override: w1}
      """;

  private static List<Addon> addons(String extra) {
    ClusterConfig config = ConfigLoader.parse("cluster.yml", NODES + extra, Strictness.STRICT).config();
    String version = config.kubernetesVersion();
    int minor = Integer.parseInt(version.split("\\.")[1]);
    return SystemAddons.of(config, minor);
  }

  private static Addon addon(String extra, String name) {
    return addons(extra).stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
  }

  private static String yaml(Addon addon) {
    return ((Addon.Inline) addon.manifest()).yaml();
  }

  private static List<JsonNode> objects(Addon addon) throws IOException {
    List<JsonNode> objects = new ArrayList<>();
    try (MappingIterator<JsonNode> it = new YAMLMapper().readerFor(JsonNode.class).readValues(yaml(addon))) {
      it.forEachRemaining(objects::add);
    }
    return objects;
  }

  private static JsonNode object(Addon addon, String kind, String name) throws IOException {
    return objects(addon).stream().filter(o -> o.path("kind").asText().equals(kind)
        && o.path("metadata").path("name").asText().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void byDefaultCanalCoreDnsTheMetricsServerAndIngressNginxInRkesOrderOnlyTheNetworkPluginCritical() {
    List<Addon> addons = addons("");
    assertThat(addons).extracting(Addon::name).containsExactly("rke-network-plugin", "rke-coredns-addon",
        "rke-metrics-addon", "rke-ingress-controller");
    assertThat(addons).extracting(Addon::critical).containsExactly(true, false, false, false);
    addons.forEach(a -> assertThat(Manifests.problem(yaml(a))).as("kubectl takes %s", a.name()).isEmpty());
  }

  @Test
  void stringsThatLookLikeNumbersStayStringsForKubectl() throws IOException {
    Addon coredns = addon("kubernetes_version: v1.30.5-rancher1-1\n", "rke-coredns-addon");
    assertThat(yaml(coredns)).contains("prometheus.io/port: \"9153\"");
    assertThat(object(coredns, "Service", "kube-dns").path("metadata").path("annotations").path("prometheus.io/port")
        .isTextual()).isTrue();
  }

  @Test
  void aciIsAcceptedAsRkeAcceptsItWithAWarningThatNoNetworkAddonIsDeployed() {
    var loaded = ConfigLoader.parse("cluster.yml", NODES + "network: {plugin: aci}\n", Strictness.STRICT);
    assertThat(loaded.warnings()).extracting(p -> p.path() + ": " + p.message())
        .anyMatch(w -> w.startsWith("network.plugin: accepted but not acted on: Slipway deploys no network addon"));
    assertThat(SystemAddons.of(loaded.config(), 30)).extracting(Addon::name).doesNotContain("rke-network-plugin");
  }

  @Test
  void aManifestIsTheSameInEveryRunWhateverOrderTheJvmGivesItsMaps() {
    assertThat(ManifestTemplate.tree(Map.of("type", "RollingUpdate", "rollingUpdate", Map.of("maxUnavailable", 1,
        "maxSurge", 0))).toString())
        .isEqualTo("{\"rollingUpdate\":{\"maxSurge\":0,\"maxUnavailable\":1},\"type\":\"RollingUpdate\"}");
  }

  @Test
  void noneDeploysNothingOfThatKind() {
    assertThat(addons("network: {plugin: none}\ndns: {provider: none}\ningress: {provider: none}\n"
        + "monitoring: {provider: none}\n")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1.13.5-rancher1-2", "v1.15.12-rancher2-7", "v1.18.20-rancher1-3", "v1.20.15-rancher2-2",
      "v1.24.17-rancher1-1", "v1.30.5-rancher1-1"})
  void everyPluginAndProviderGivesManifestsKubectlTakesInEveryVersion(String version) {
    for (String plugin : List.of("canal", "flannel", "calico", "weave")) {
      for (String dns : List.of("coredns", "kube-dns")) {
        String file = "kubernetes_version: " + version + "\nnetwork: {plugin: " + plugin + "}\ndns: {provider: " + dns
            + ", nodelocal: {ip_address: 169.254.20.10}}\n";
        if (plugin.equals("weave") && version.startsWith("v1.30")) {
          continue;  // RKE refuses weave from 1.30
        }
        List<Addon> addons = addons(file);
        assertThat(addons).extracting(Addon::name).startsWith("rke-network-plugin", "rke-" + dns + "-addon",
            "rke-nodelocal-addon");
        addons.forEach(a -> assertThat(Manifests.problem(yaml(a))).as("%s %s %s", version, plugin, a.name()).isEmpty());
        addons.forEach(a -> assertThat(yaml(a)).as("%s %s %s", version, plugin, a.name()).doesNotContain("${"));
      }
    }
  }

  @Test
  void canalCarriesThePodRangeTheImagesAndTheSettingsOfClusterYml() throws IOException {
    Addon canal = addon("""
        kubernetes_version: v1.30.5-rancher1-1
        services: {kube-controller: {cluster_cidr: 10.88.0.0/16}}
        network:
          plugin: canal
          mtu: 1400
          options: {canal_iface: eth1, canal_flannel_backend_type: host-gw}
          node_selector: {net: "yes"}
        """, "rke-network-plugin");
    JsonNode config = object(canal, "ConfigMap", "canal-config");
    assertThat(config.path("data").path("net-conf.json").asText())
        .isEqualTo("{\"Network\": \"10.88.0.0/16\", \"Backend\": {\"Type\": \"host-gw\"}}");
    assertThat(config.path("data").path("canal_iface").asText()).isEqualTo("eth1");
    assertThat(config.path("data").path("veth_mtu").asText()).isEqualTo("1400");
    JsonNode pod = object(canal, "DaemonSet", "canal").path("spec").path("template").path("spec");
    assertThat(pod.path("nodeSelector").toString()).isEqualTo("{\"kubernetes.io/os\":\"linux\",\"net\":\"yes\"}");
    assertThat(pod.path("containers").findValuesAsText("image")).containsExactly(
        "rancher/mirrored-calico-node:v3.28.1", "rancher/mirrored-flannel-flannel:v0.25.1");
    assertThat(pod.path("initContainers").get(0).path("image").asText()).isEqualTo("rancher/calico-cni:v3.28.1-rancher1");
    assertThat(objects(canal).stream().filter(o -> o.path("kind").asText().equals("CustomResourceDefinition"))
        .map(o -> o.path("apiVersion").asText()).collect(Collectors.toSet())).containsExactly("apiextensions.k8s.io/v1");
    assertThat(objects(canal).stream().filter(o -> o.path("kind").asText().equals("CustomResourceDefinition")))
        .hasSize(18);
    assertThat(object(canal, "Deployment", "calico-kube-controllers").path("spec").path("template").path("spec")
        .path("containers").get(0).path("image").asText()).isEqualTo("rancher/mirrored-calico-kube-controllers:v3.28.1");
  }

  @Test
  void olderCanalHasItsCrdsInV1beta1AndNoKubeControllers() throws IOException {
    Addon canal = addon("kubernetes_version: v1.15.12-rancher2-7\n", "rke-network-plugin");
    assertThat(objects(canal).stream().filter(o -> o.path("kind").asText().equals("CustomResourceDefinition"))
        .map(o -> o.path("apiVersion").asText()).distinct()).containsExactly("apiextensions.k8s.io/v1beta1");
    assertThat(objects(canal).stream().map(o -> o.path("metadata").path("name").asText()))
        .doesNotContain("calico-kube-controllers");
  }

  @Test
  void withoutRbacTheRolesAndBindingsAreLeftOut() throws IOException {
    Addon canal = addon("authorization: {mode: none}\n", "rke-network-plugin");
    assertThat(objects(canal).stream().map(o -> o.path("kind").asText()))
        .doesNotContain("ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");
  }

  @Test
  void coreDnsServesTheClusterDomainAtTheDnsServersAddressForwardingUpstream() throws IOException {
    Addon coredns = addon("""
        kubernetes_version: v1.30.5-rancher1-1
        services: {kubelet: {cluster_domain: corp.local, cluster_dns_server: 10.43.0.53}}
        dns: {upstreamnameservers: [1.1.1.1, 8.8.8.8], linear_autoscaler_params: {nodes_per_replica: 2, min: 2}}
        """, "rke-coredns-addon");
    String corefile = object(coredns, "ConfigMap", "coredns").path("data").path("Corefile").asText();
    assertThat(corefile).contains("kubernetes corp.local in-addr.arpa ip6.arpa {").contains("forward . 1.1.1.1 8.8.8.8")
        .contains("ready");
    assertThat(object(coredns, "Service", "kube-dns").path("spec").path("clusterIP").asText()).isEqualTo("10.43.0.53");
    assertThat(object(coredns, "Deployment", "coredns").path("spec").has("replicas")).as("the autoscaler sets it")
        .isFalse();
    assertThat(object(coredns, "Deployment", "coredns-autoscaler").path("spec").path("template").path("spec")
        .path("containers").get(0).path("command").toString()).contains(
        "--default-params={\\\"linear\\\":{\\\"coresPerReplica\\\":128,\\\"nodesPerReplica\\\":2,\\\"min\\\":2,"
            + "\\\"preventSinglePointFailure\\\":true}}");
  }

  @Test
  void kubeDnsBefore114AndCoreDnsFrom114ByDefault() {
    assertThat(addons("kubernetes_version: v1.13.5-rancher1-2\n")).extracting(Addon::name).contains("rke-kube-dns-addon");
    assertThat(addons("kubernetes_version: v1.14.10-rancher1-1\n")).extracting(Addon::name).contains("rke-coredns-addon");
  }

  @Test
  void ingressFrom121UsesHostPortsTheAdmissionWebhookAndTheDefaultClass() throws IOException {
    Addon ingress = addon("""
        kubernetes_version: v1.30.5-rancher1-1
        ingress: {http_port: 8080, https_port: 8443, extra_args: {enable-ssl-passthrough: ""}, options: {use-forwarded-headers: "true"}}
        """, "rke-ingress-controller");
    JsonNode pod = object(ingress, "DaemonSet", "nginx-ingress-controller").path("spec").path("template").path("spec");
    assertThat(pod.has("hostNetwork")).isFalse();
    JsonNode controller = pod.path("containers").get(0);
    assertThat(controller.path("ports").toString()).contains("\"containerPort\":80,\"hostPort\":8080")
        .contains("\"containerPort\":443,\"hostPort\":8443").contains("\"containerPort\":8443");
    assertThat(controller.path("args").toString()).contains("--enable-ssl-passthrough")
        .contains("--watch-ingress-without-class=true").doesNotContain("default-backend-service");
    assertThat(object(ingress, "ConfigMap", "ingress-nginx-controller").path("data").toString())
        .isEqualTo("{\"use-forwarded-headers\":\"true\"}");
    assertThat(object(ingress, "IngressClass", "nginx").path("metadata").path("annotations")
        .path("ingressclass.kubernetes.io/is-default-class").asText()).isEqualTo("true");
    assertThat(object(ingress, "Job", "ingress-nginx-admission-create").path("spec").path("template").path("spec")
        .path("containers").get(0).path("image").asText()).contains("kube-webhook-certgen");
  }

  @Test
  void ingressBefore121RunsOnTheNodesNetworkWithADefaultBackend() throws IOException {
    Addon ingress = addon("kubernetes_version: v1.18.20-rancher1-3\n", "rke-ingress-controller");
    JsonNode pod = object(ingress, "DaemonSet", "nginx-ingress-controller").path("spec").path("template").path("spec");
    assertThat(pod.path("hostNetwork").asBoolean()).isTrue();
    assertThat(pod.path("containers").get(0).path("args").toString())
        .contains("--default-backend-service=$(POD_NAMESPACE)/default-http-backend");
    assertThat(object(ingress, "Deployment", "default-http-backend")).isNotNull();
    assertThat(objects(ingress).stream().map(o -> o.path("kind").asText())).doesNotContain("IngressClass",
        "ValidatingWebhookConfiguration");
  }

  @Test
  void nodeLocalDnsIsDeployedWhenItHasAnAddressAndTheKubeletsResolveThroughIt() {
    assertThat(addons("")).extracting(Addon::name).doesNotContain("rke-nodelocal-addon");
    List<Addon> addons = addons("dns: {nodelocal: {ip_address: 169.254.20.10}}\n");
    assertThat(addons).extracting(Addon::name).containsSubsequence("rke-coredns-addon", "rke-nodelocal-addon");
    assertThat(yaml(addons.get(2))).contains("bind 169.254.20.10 10.43.0.10");
    ClusterConfig config = ConfigLoader.parse("cluster.yml", NODES + "dns: {nodelocal: {ip_address: 169.254.20.10}}\n"
        + "services: {kubelet: {extra_args: {cluster-dns: 10.43.0.99}}}\n", Strictness.STRICT).config();
    assertThat(Map.of()).isEmpty();
    assertThat(DnsAddons.nodeLocalAddress(config)).contains("169.254.20.10");
  }
}
