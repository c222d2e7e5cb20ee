package io.slipway.engine.up;

import io.slipway.engine.AtomicFiles;
import io.slipway.engine.config.Addresses;
import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.NodeConfig;
import io.slipway.engine.kubeconfig.Kubeconfig;
import io.slipway.engine.pki.ClusterCertificates;
import io.slipway.engine.pki.IssuedCertificate;
import java.net.URI;
import java.nio.file.Path;

/** Stage: the admin kubeconfig (0600), naming the first controlplane node's apiserver, as RKE writes it. */
final class WriteKubeconfig {

  private WriteKubeconfig() {
  }

  static void run(ClusterConfig config, ClusterCertificates pki, Path file) {
    NodeConfig first = FromState.firstControlPlane(config);
    IssuedCertificate admin = pki.require("kube-admin");
    String text = Kubeconfig.inline(config.clusterName(), "kube-admin-" + config.clusterName(),
        URI.create(Addresses.url("https", first.address(), 6443)), pki.require("kube-ca").certificatePem(),
        admin.certificatePem(), admin.privateKeyPem()).yaml();
    AtomicFiles.writeSecret(file, text);
  }
}
