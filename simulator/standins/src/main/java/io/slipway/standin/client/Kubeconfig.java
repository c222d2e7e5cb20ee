package io.slipway.standin.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * The parts of a kubeconfig a component needs: the server of the current context's cluster,
 * its CA file and the user's client certificate and key files (RKE writes file paths).
 */
public record Kubeconfig(URI server, Path certificateAuthority, Path clientCertificate, Path clientKey) {

  public static Kubeconfig read(Path file) {
    try {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
      String current = root.path("current-context").asText();
      JsonNode context = named(root.path("contexts"), current).path("context");
      JsonNode cluster = named(root.path("clusters"), context.path("cluster").asText()).path("cluster");
      JsonNode user = named(root.path("users"), context.path("user").asText()).path("user");
      return new Kubeconfig(URI.create(cluster.path("server").asText()),
          resolve(file, cluster.path("certificate-authority").asText()),
          resolve(file, user.path("client-certificate").asText()), resolve(file, user.path("client-key").asText()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read kubeconfig " + file, e);
    }
  }

  private static JsonNode named(JsonNode list, String name) {
    for (JsonNode item : list) {
      if (item.path("name").asText().equals(name) || name.isEmpty()) {
        return item;
      }
    }
    throw new IllegalArgumentException("kubeconfig has no entry named \"" + name + "\"");
  }

  private static Path resolve(Path kubeconfig, String path) {
    if (path.isEmpty()) {
      return null;
    }
    Path p = Path.of(path);
    return p.isAbsolute() ? p : kubeconfig.toAbsolutePath().getParent().resolve(p);
  }
}
