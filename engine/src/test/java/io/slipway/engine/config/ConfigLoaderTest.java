package io.slipway.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
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
    assertThatThrownBy(() -> ConfigLoader.parse("cluster.yml", yaml, Strictness.STRICT))
        .as("a 1.30 kubelet runs with cri-dockerd, which comes with rke-tools").hasMessageContaining(
            "system_images lacks kubernetes_services_sidecar");
    String withTools = yaml + "  kubernetes_services_sidecar: registry.local/rke-tools:1\n";
    assertThat(ConfigLoader.parse("cluster.yml", withTools, Strictness.STRICT).config().kubernetesVersion())
        .isEqualTo("v1.30.1-custom");
  }

  @Test
  void everyRkeKeySlipwayDoesNotActOnIsWarnedWithWhatHappensInstead() {
    String yaml = MINIMAL + """
        cloud_provider: {name: aws}
        ingress: {provider: nginx}
        dns: {provider: none}
        bastion_host: {address: 10.0.0.9, user: jump, ssh_cert_path: ~/.ssh/id_rsa-cert.pub}
        restore: {restore: false, snapshot_name: ""}
        services:
          kube-api:
            audit_log: {enabled: true}
            pod_security_configuration: privileged
        """;
    assertThat(ConfigLoader.parse("cluster.yml", yaml, Strictness.STRICT).warnings())
        .extracting(p -> p.path() + ": " + p.message().replaceFirst(":.*", ""))
        .as("dns with provider none and an all-false restore ask for nothing, and get it; an SSH certificate is used")
        .containsExactly("cloud_provider: accepted but not acted on",
            "services.kube-api.audit_log: accepted but not acted on",
            "services.kube-api.pod_security_configuration: accepted but not acted on");
  }

  @Test
  void emptyStringsMeanWhatRkeMakesOfAKeyLeftOut() {
    ClusterConfig c = ConfigLoader.parse("cluster.yml", """
        nodes:
          - address: 10.0.0.1
            user: rke
            role: [controlplane, etcd, worker]
            port: ""
            hostname_override: Master-1.Example.COM
            ssh_key: ""
            internal_address: ""
        kubernetes_version: ""
        network: {plugin: "", mtu: 0}
        authentication: {strategy: ""}
        authorization: {mode: ""}
        upgrade_strategy: {max_unavailable_worker: "", max_unavailable_controlplane: ""}
        bastion_host: {address: "", port: "", user: "", ssh_key: "", ssh_key_path: ""}
        private_registries:
          - user: robot
            password: secret
        services:
          etcd: {creation: "", retention: ""}
          kube-api: {service_cluster_ip_range: "", service_node_port_range: ""}
          kube-controller: {cluster_cidr: "", service_cluster_ip_range: ""}
          kubelet: {cluster_dns_server: "", cluster_domain: ""}
        """, Strictness.STRICT).config();
    NodeConfig node = c.nodes().get(0);
    assertThat(node.port()).isEqualTo("22");
    assertThat(node.internalAddress()).isEqualTo("10.0.0.1");
    assertThat(node.hostname()).as("RKE lower-cases hostname_override").isEqualTo("master-1.example.com");
    assertThat(node.sshKey()).isNull();
    assertThat(c.kubernetesVersion()).isEqualTo(KubernetesVersions.DEFAULT);
    assertThat(c.network().plugin()).isEqualTo("canal");
    assertThat(c.authentication().strategy()).isEqualTo("x509");
    assertThat(c.authorization().mode()).isEqualTo("rbac");
    assertThat(c.upgradeStrategy().maxUnavailableWorker()).isEqualTo("10%");
    assertThat(c.bastionHost()).as("an all-empty bastion_host is no bastion").isNull();
    assertThat(c.privateRegistries().get(0).url()).as("RKE's registry default").isEqualTo("docker.io");
    assertThat(c.services().etcd().creation()).isEqualTo("12h");
    assertThat(c.services().kubeApi().serviceClusterIpRange()).isEqualTo("10.43.0.0/16");
    assertThat(c.services().kubeController().clusterCidr()).isEqualTo("10.42.0.0/16");
    assertThat(c.services().kubelet().clusterDnsServer()).isEqualTo("10.43.0.10");
  }

  @Test
  void shapeAndMeaningProblemsAreReportedTogether() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse("cluster.yml", """
        nodes:
          - address: 10.0.0.1
            user: rke
            role: etcd
        services:
          kube-api:
            service_cluster_ip_range: 10.43.0.0/33
        addon_job_timeout: 99999999999
        """, Strictness.STRICT));
    assertThat(e.problems()).extracting(Problem::where).containsExactly(
        "cluster.yml:2:3 nodes", "cluster.yml:2:3 nodes", "cluster.yml:2:3 nodes",  // no etcd, controlplane, worker
        "cluster.yml:4:11 nodes[0].role", "cluster.yml:7:31 services.kube-api.service_cluster_ip_range",
        "cluster.yml:8:20 addon_job_timeout");
  }

  @Test
  void aliasesAndMergeKeysExpandAsYamlDefinesThem() {
    ClusterConfig c = ConfigLoader.parse("cluster.yml", """
        x-node: &node
          user: rke
          port: "2222"
          role: [worker]
        nodes:
          - <<: *node
            address: 10.0.0.1
            role: [controlplane, etcd, worker]
          - <<: *node
            address: 10.0.0.2
        """, Strictness.LENIENT).config();
    assertThat(c.nodes()).extracting(NodeConfig::user, NodeConfig::port, NodeConfig::role).containsExactly(
        org.assertj.core.groups.Tuple.tuple("rke", "2222", List.of("controlplane", "etcd", "worker")),
        org.assertj.core.groups.Tuple.tuple("rke", "2222", List.of("worker")));
  }

  @Test
  void anAliasBombIsRefusedQuickly() {
    StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 10; i++) {
      yaml.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 10; j++) {
        yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      yaml.append("]\n");
    }
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.parse("cluster.yml", yaml.toString(), Strictness.LENIENT));
    assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("alias"));
  }
}
