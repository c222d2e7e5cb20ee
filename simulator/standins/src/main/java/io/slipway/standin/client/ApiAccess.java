package io.slipway.standin.client;

import io.slipway.engine.kubeconfig.Kubeconfig;
import java.net.URI;
import java.nio.file.Path;

/**
 * What a component takes from its kubeconfig to reach the apiserver: the current context's
 * server, its CA file and the user's client certificate and key files (RKE writes file paths;
 * relative ones are resolved against the kubeconfig's folder).
 */
public record ApiAccess(URI server, Path certificateAuthority, Path clientCertificate, Path clientKey) {

  public static ApiAccess read(Path file) {
    Kubeconfig kubeconfig = Kubeconfig.read(file);
    Kubeconfig.Cluster cluster = kubeconfig.cluster();
    Kubeconfig.User user = kubeconfig.user();
    return new ApiAccess(URI.create(cluster.server()), resolve(file, cluster.certificateAuthority()),
        resolve(file, user.clientCertificate()), resolve(file, user.clientKey()));
  }

  private static Path resolve(Path kubeconfig, String path) {
    if (path == null || path.isEmpty()) {
      return null;
    }
    Path p = Path.of(path);
    return p.isAbsolute() ? p : kubeconfig.toAbsolutePath().getParent().resolve(p);
  }
}
