package io.slipway.engine.up;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.NodeConfig;
import io.slipway.engine.config.Strictness;
import io.slipway.engine.host.SshKey;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Which key and certificate a node is logged in with, as RKE picks them. */
class ConnectHostsTest {

  private static final String HOME = System.getProperty("user.home");

  private static ClusterConfig config(String yaml) {
    return ConfigLoader.parse("cluster.yml", yaml, Strictness.STRICT).config();
  }

  private static SshKey keyOf(ClusterConfig config, int i) {
    NodeConfig node = config.nodes().get(i);
    return ConnectHosts.key(node.sshKey(), node.sshKeyPath(), node.sshCert(), node.sshCertPath(), config,
        "nodes[" + i + "]");
  }

  @Test
  void aNodesOwnCertificateComesFirstThenTheClusters() {
    ClusterConfig config = config("""
        ssh_key_path: ~/.ssh/cluster_key
        ssh_cert_path: ~/.ssh/cluster_key-cert.pub
        nodes:
          - {address: 10.0.0.1, user: rke, role: [controlplane, etcd, worker]}
          - {address: 10.0.0.2, user: rke, role: [worker], ssh_key_path: /keys/two, ssh_cert_path: /keys/two-cert.pub}
          - {address: 10.0.0.3, user: rke, role: [worker], ssh_key: "-----BEGIN OPENSSH PRIVATE KEY-----",
             ssh_cert: "ssh-ed25519-cert-v01@openssh.com AAAA"}
        """);
    assertThat(keyOf(config, 0)).isEqualTo(new SshKey.File(Path.of(HOME, ".ssh/cluster_key"))
        .certifiedBy(SshKey.Certificate.file(Path.of(HOME, ".ssh/cluster_key-cert.pub"))));
    assertThat(keyOf(config, 1)).isEqualTo(new SshKey.File(Path.of("/keys/two"))
        .certifiedBy(SshKey.Certificate.file(Path.of("/keys/two-cert.pub"))));
    assertThat(keyOf(config, 2).describe())
        .isEqualTo("the key written inline in nodes[2].ssh_key and the certificate written inline in nodes[2].ssh_cert");
    assertThat(keyOf(config, 2).toString()).as("neither key nor certificate is printed")
        .doesNotContain("BEGIN").doesNotContain("AAAA");
  }

  @Test
  void withoutACertificateTheKeyIsOfferedAlone() {
    ClusterConfig config = config("""
        ssh_cert_path: ""
        nodes:
          - {address: 10.0.0.1, user: rke, role: [controlplane, etcd, worker], ssh_cert: ""}
        """);
    assertThat(keyOf(config, 0)).isEqualTo(new SshKey.File(Path.of(HOME, ".ssh/id_rsa")));
  }
}
