package io.slipway.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.KubernetesVersions;
import io.slipway.engine.config.Strictness;
import io.slipway.engine.state.ClusterState;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each Kubernetes minor's components get the flags KDM sets for that minor (RKE's service
 * options), over the flags RKE computes and under the user's extra_args.
 */
class ServiceOptionsTest {

  private static final Map<String, String> CONTAINER = Map.of("etcd", "etcd", "kubeapi", "kube-apiserver",
      "kubeController", "kube-controller-manager", "scheduler", "kube-scheduler", "kubelet", "kubelet",
      "kubeproxy", "kube-proxy");

  /** The newest version of every minor in the table. */
  static Stream<String> oneVersionPerMinor() {
    Map<Integer, String> newest = new TreeMap<>();
    KubernetesVersions.known().stream().filter(v -> KubernetesVersions.minor(v) >= 9)
        .forEach(v -> newest.put(KubernetesVersions.minor(v), v));
    return newest.values().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oneVersionPerMinor")
  void everyComponentCarriesTheFlagsKdmSetsForItsMinor(String version) {
    Map<String, List<ContainerSpec>> containers = plan(version, "").containersByHost();
    Map<String, Map<String, String>> options = KubernetesVersions.serviceOptions(version, null);
    CONTAINER.forEach((service, container) -> {
      List<String> command = containers.get("node-1").stream().filter(c -> c.name().equals(container)).findFirst()
          .orElseThrow().command();
      options.get(service).forEach((flag, value) -> {
        if (value.isEmpty()) {
          assertThat(command).as("%s %s leaves out --%s", version, container, flag)
              .noneMatch(arg -> arg.startsWith("--" + flag + "="));
        } else {
          assertThat(command).as("%s %s", version, container).contains("--" + flag + "=" + value);
        }
      });
    });
  }

  @Test
  void flagsRemovedFromKubernetesAreNotPassedToTheVersionsWithoutThem() {
    assertThat(command("v1.13.5-rancher1-2", "kube-apiserver")).contains("--insecure-port=0");
    assertThat(command("v1.23.16-rancher2-3", "kube-controller-manager")).contains("--pod-eviction-timeout=5m0s");
    assertThat(command("v1.27.16-rancher1-1", "kube-apiserver")).noneMatch(a -> a.startsWith("--insecure-port"));
    assertThat(command("v1.27.16-rancher1-1", "kube-controller-manager"))
        .noneMatch(a -> a.startsWith("--pod-eviction-timeout"));
  }

  @Test
  void fromKubernetes124TheKubeletTalksToCriDockerd() {
    assertThat(command("v1.24.17-rancher1-1", "kubelet")).contains(
        "--container-runtime-endpoint=unix:///var/run/cri-dockerd.sock", "--container-runtime=remote");
    assertThat(command("v1.27.16-rancher1-1", "kubelet")).contains(
        "--container-runtime-endpoint=unix:///var/run/cri-dockerd.sock").noneMatch(a -> a.startsWith("--container-runtime="));
    assertThat(command("v1.20.15-rancher2-2", "kubelet")).noneMatch(a -> a.startsWith("--container-runtime"));
    assertThat(plan("v1.27.16-rancher1-1", "enable_cri_dockerd: false\n").containersByHost().get("node-1").stream()
        .filter(c -> c.name().equals("kubelet")).findFirst().orElseThrow().command())
        .as("enable_cri_dockerd: false keeps the kubelet on Docker")
        .noneMatch(a -> a.startsWith("--container-runtime"));
  }

  @Test
  void aCriDockerdKubeletStartsThroughRkeToolsFromTheSidekicksVolumeAsRkeRunsIt() {
    List<ContainerSpec> node = plan("v1.27.16-rancher1-1", "").containersByHost().get("node-1");
    ContainerSpec sidekick = node.stream().filter(c -> c.name().equals("service-sidekick")).findFirst().orElseThrow();
    assertThat(sidekick.image()).as("KDM's rke-tools of v1.27.16").isEqualTo("rancher/rke-tools:v0.1.100");
    assertThat(sidekick.started()).as("created, never started").isFalse();
    assertThat(sidekick.volumes()).containsExactly("/opt/rke-tools");
    ContainerSpec kubelet = node.stream().filter(c -> c.name().equals("kubelet")).findFirst().orElseThrow();
    assertThat(kubelet.command()).startsWith("/opt/rke-tools/entrypoint.sh", "kubelet");
    assertThat(kubelet.volumesFrom()).containsExactly("service-sidekick");
    assertThat(kubelet.env()).contains("RKE_KUBELET_CRIDOCKERD=true");

    List<ContainerSpec> old = plan("v1.20.15-rancher2-2", "").containersByHost().get("node-1");
    assertThat(old).extracting(ContainerSpec::name).doesNotContain("service-sidekick");
    assertThat(old.stream().filter(c -> c.name().equals("kubelet")).findFirst().orElseThrow().volumesFrom()).isEmpty();
  }

  @Test
  void extraArgsWinOverKdmsOptions() {
    Plan plan = plan("v1.27.16-rancher1-1", "services:\n  kube-api:\n    extra_args: {profiling: \"true\"}\n");
    assertThat(plan.containersByHost().get("node-1").stream().filter(c -> c.name().equals("kube-apiserver"))
        .findFirst().orElseThrow().command()).contains("--profiling=true").doesNotContain("--profiling=false");
  }

  private static List<String> command(String version, String container) {
    return plan(version, "").containersByHost().get("node-1").stream().filter(c -> c.name().equals(container))
        .findFirst().orElseThrow().command();
  }

  private static Plan plan(String version, String more) {
    String yaml = """
        nodes:
          - address: 10.0.0.1
            hostname_override: node-1
            user: rke
            role: [controlplane, etcd, worker]
        kubernetes_version: %s
        """.formatted(version) + more;
    return Planner.plan(ConfigLoader.parse("cluster.yml", yaml, Strictness.STRICT).config(), ClusterState.EMPTY);
  }
}
