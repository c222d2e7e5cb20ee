package io.slipway.engine.up;

import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.NodeConfig;
import io.slipway.engine.config.Role;
import io.slipway.engine.pki.ClusterCertificates;
import io.slipway.engine.pki.IssuedCertificate;
import io.slipway.engine.state.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/** Stage: the admin kubeconfig (0600), naming the first controlplane node's apiserver, as RKE writes it. */
final class WriteKubeconfig {

  private WriteKubeconfig() {
  }

  static void run(ClusterConfig config, ClusterCertificates pki, Path file) {
    NodeConfig first = config.nodes().stream().filter(n -> n.has(Role.CONTROLPLANE)).findFirst().orElseThrow();
    IssuedCertificate admin = pki.require("kube-admin");
    String text = """
        apiVersion: v1
        kind: Config
        clusters:
        - cluster:
            certificate-authority-data: %s
            server: "https://%s:6443"
          name: "%s"
        contexts:
        - context:
            cluster: "%s"
            user: "kube-admin-%s"
          name: "%s"
        current-context: "%s"
        users:
        - name: "kube-admin-%s"
          user:
            client-certificate-data: %s
            client-key-data: %s
        """.formatted(b64(pki.require("kube-ca").certificatePem()), first.address(), config.clusterName(),
        config.clusterName(), config.clusterName(), config.clusterName(), config.clusterName(), config.clusterName(),
        b64(admin.certificatePem()), b64(admin.privateKeyPem()));
    AtomicFiles.writeSecret(file, text);
  }

  private static String b64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
  }
}
