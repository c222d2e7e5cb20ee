package io.slipway.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

  private static final String MINIMAL = """
      nodes:
        - address: 10.0.0.1
          user: rke
          role: [controlplane, etcd, worker]
      """;

  @Test
  void theReferenceClusterLoadsStrictlyWithoutWarnings() {
    ConfigLoader.Loaded loaded = ConfigLoader.load(Path.of("../examples/reference-cluster.yml"), Strictness.STRICT);
    assertThat(loaded.warnings()).isEmpty();
    assertThat(loaded.config().nodes()).hasSize(7);
    assertThat(loaded.config().authentication().sans()).containsExactly("192.168.0.10");
  }

  @Test
  void rkeDefaultsFillWhatTheFileLeavesOut() {
    ClusterConfig c = ConfigLoader.parse("cluster.yml", MINIMAL, Strictness.STRICT).config();
    NodeConfig node = c.nodes().get(0);
    assertThat(node.port()).isEqualTo("22");
    assertThat(node.internalAddress()).as("internal_address defaults to address").isEqualTo("10.0.0.1");
    assertThat(node.hostname()).as("hostname_override defaults to address").isEqualTo("10.0.0.1");
    assertThat(node.dockerSocket()).isEqualTo("/var/run/docker.sock");
    assertThat(c.clusterName()).isEqualTo("local");
    assertThat(c.services().kubeApi().serviceClusterIpRange()).isEqualTo("10.43.0.0/16");
    assertThat(c.services().kubeController().clusterCidr()).isEqualTo("10.42.0.0/16");
    assertThat(c.services().kubelet().clusterDnsServer()).isEqualTo("10.43.0.10");
    assertThat(c.services().kubelet().clusterDomain()).isEqualTo("cluster.local");
    assertThat(c.services().etcd().snapshot()).isTrue();
    assertThat(c.services().etcd().creation()).isEqualTo("12h");
    assertThat(c.services().etcd().retention()).isEqualTo("72h");
    assertThat(c.upgradeStrategy().maxUnavailableWorker()).isEqualTo("10%");
    assertThat(c.upgradeStrategy().maxUnavailableControlplane()).isEqualTo("1");
    assertThat(c.authentication().strategy()).isEqualTo("x509");
    assertThat(c.systemImages()).containsKeys(KubernetesVersions.REQUIRED_IMAGES.toArray(String[]::new));
  }

  @Test
  void anUnknownKeyIsAWarningWithItsLocationAndAnErrorWhenStrict() {
    String yaml = MINIMAL + "    hostname_overide: a\n";
    ConfigLoader.Loaded loaded = ConfigLoader.parse("cluster.yml", yaml, Strictness.LENIENT);
    assertThat(loaded.warnings()).extracting(Problem::toString).containsExactly(
        "cluster.yml:5:5: nodes[0].hostname_overide: warning: unknown key \"hostname_overide\"; "
            + "did you mean hostname_override? (ignored; --strict makes this an error)");

    ConfigException strict = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.parse("cluster.yml", yaml, Strictness.STRICT));
    assertThat(strict.problems()).extracting(Problem::where).containsExactly("cluster.yml:5:5 nodes[0].hostname_overide");
  }

  @Test
  void anEvenEtcdCountIsAWarningNotAnError() {
    String yaml = MINIMAL + "  - address: 10.0.0.2\n    user: rke\n    role: [etcd]\n";
    ConfigLoader.Loaded loaded = ConfigLoader.parse("cluster.yml", yaml, Strictness.STRICT);
    assertThat(loaded.warnings()).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("nodes");
      assertThat(p.message()).startsWith("2 etcd nodes tolerate no more failures than 1");
    });
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse("cluster.yml", """
        nodes:
          - address: 10.0.0.1
            role: [controlplane, etcd, worker]
        services:
          kubelet:
            cluster_dns_server: 10.99.0.10
        authentication:
          sans: ["not ok"]
        """, Strictness.STRICT));
    assertThat(e.problems()).extracting(Problem::where).containsExactly("cluster.yml:2:5 nodes[0]",
        "cluster.yml:6:25 services.kubelet.cluster_dns_server", "cluster.yml:8:10 authentication.sans[0]");
  }

  @Test
  void anUnknownVersionIsAcceptedWhenEveryNeededImageIsNamed() {
    String yaml = MINIMAL + """
        kubernetes_version: v1.30.1-custom
        system_images:
          etcd: registry.local/etcd:3.5
          alpine: registry.local/tools:1
          nginx_proxy: registry.local/tools:1
          kubernetes: registry.local/hyperkube:1.30
          pod_infra_container: registry.local/pause:3.9
        """;
    assertThat(ConfigLoader.parse("cluster.yml", yaml, Strictness.STRICT).config().kubernetesVersion())
        .isEqualTo("v1.30.1-custom");
  }

  @Test
  void rkeKeysSlipwayDoesNotActOnLoadWithoutWarnings() {
    String yaml = MINIMAL + """
        cloud_provider: {name: aws}
        enable_cri_dockerd: true
        ingress: {provider: nginx}
        dns: {provider: coredns, upstreamnameservers: [1.1.1.1]}
        monitoring: {provider: metrics-server}
        addons_include: [https://example.invalid/addon.yaml]
        bastion_host: {address: 10.0.0.9, user: jump}
        services:
          kube-api:
            audit_log: {enabled: true}
            secrets_encryption_config: {enabled: false}
            pod_security_configuration: privileged
        """;
    assertThat(ConfigLoader.parse("cluster.yml", yaml, Strictness.STRICT).warnings()).isEmpty();
  }
}
