package io.slipway.engine.up;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.engine.SlipwayException;
import io.slipway.engine.config.Addresses;
import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.NodeConfig;
import io.slipway.engine.config.Role;
import io.slipway.engine.pki.ClusterCertificates;
import io.slipway.engine.pki.TlsContexts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the state alone (Slipway's, or RKE's cluster.rkestate when Slipway has none) gives
 * without running {@code up}: the admin kubeconfig written anew, as {@code rke util
 * get-kubeconfig} does, and the running cluster's Kubernetes version, as {@code rke version}
 * asks the apiserver for it.
 */
public final class FromState {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private FromState() {
  }

  /** Writes the admin kubeconfig beside {@code clusterFile} (0600) from the state's certificates; returns its path. */
  public static Path writeKubeconfig(ClusterConfig config, Path clusterFile) {
    Path kubeconfig = UpOptions.kubeconfigBeside(clusterFile);
    WriteKubeconfig.run(config, certificates(clusterFile), kubeconfig);
    return kubeconfig;
  }

  /** The {@code gitVersion} the first control-plane node's apiserver reports, its certificate verified. */
  public static String serverVersion(ClusterConfig config, Path clusterFile) {
    ClusterCertificates pki = certificates(clusterFile);
    URI url = URI.create(Addresses.url("https", firstControlPlane(config).address(), 6443) + "/version");
    HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT)
        .sslContext(TlsContexts.verifying(pki.require("kube-ca").certificate(), pki.require("kube-admin"))).build();
    try {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new SlipwayException(url + " answered HTTP " + response.statusCode());
      }
      return new ObjectMapper().readTree(response.body()).path("gitVersion").asText("unknown");
    } catch (IOException e) {
      throw new SlipwayException("the apiserver at " + url + " did not answer: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SlipwayException("interrupted while asking " + url);
    }
  }

  static NodeConfig firstControlPlane(ClusterConfig config) {
    return config.nodes().stream().filter(n -> n.has(Role.CONTROLPLANE)).findFirst().orElseThrow();
  }

  private static ClusterCertificates certificates(Path clusterFile) {
    Path stateFile = UpOptions.stateFileBeside(clusterFile);
    return Up.load(stateFile).certificates().orElseThrow(() -> new SlipwayException(stateFile
        + " holds no certificates (and there is no cluster.rkestate beside it): the cluster was never deployed"));
  }
}
