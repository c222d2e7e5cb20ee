package io.slipway.engine.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.engine.AtomicFiles;
import io.slipway.engine.config.Defaults;
import io.slipway.engine.config.Role;
import io.slipway.engine.pki.ClusterCertificates;
import io.slipway.engine.pki.IssuedCertificate;
import io.slipway.engine.pki.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state file ({@code slipway.state/v1}, JSON, mode 0600): the nodes as last deployed and
 * the cluster's certificates and keys. Written atomically (temporary file, fsync, rename), so a
 * crash leaves the old file or the new one, never half of one. Its contents are never logged.
 */
public final class StateStore {

  public static final String FORMAT = "slipway.state/v1";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** What a state file holds. */
  public record Saved(ClusterState cluster, Optional<ClusterCertificates> certificates) {
    public static final Saved NONE = new Saved(ClusterState.EMPTY, Optional.empty());
  }

  private StateStore() {
  }

  public static Saved load(Path file) {
    if (!Files.exists(file)) {
      return Saved.NONE;
    }
    try {
      return parse(JSON.readTree(file.toFile()), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read state file " + file, e);
    }
  }

  /** A state file's content that came from elsewhere ({@code origin} names where: a snapshot). */
  public static Saved read(byte[] content, String origin) {
    try {
      return parse(JSON.readTree(content), origin);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the state file in " + origin, e);
    }
  }

  /** The content of a state file, as {@link #save} writes it. */
  public static byte[] bytes(Saved saved) {
    try {
      return JSON.writeValueAsBytes(tree(saved));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Saved parse(JsonNode root, String origin) {
    if (!FORMAT.equals(root.path("format").asText())) {
      throw new IllegalStateException(origin + " is not a Slipway state file (format " + root.path("format").asText()
          + ")");
    }
    List<ClusterState.NodeRecord> nodes = new ArrayList<>();
    for (JsonNode n : root.path("nodes")) {
      EnumSet<Role> roles = EnumSet.noneOf(Role.class);
      n.path("roles").forEach(r -> Role.parse(r.asText()).ifPresent(roles::add));
      JsonNode ssh = n.path("ssh");
      nodes.add(new ClusterState.NodeRecord(n.path("hostname").asText(), n.path("address").asText(),
          n.path("internalAddress").asText(), roles, ssh.isObject() ? new ClusterState.Ssh(ssh.path("port").asInt(Defaults.SSH_PORT),
          ssh.path("user").asText(), ssh.hasNonNull("keyPath") ? ssh.get("keyPath").asText() : null,
          ssh.path("dockerSocket").asText(Defaults.DOCKER_SOCKET)) : null, containers(n.path("containers"))));
    }
    Map<String, IssuedCertificate> certs = new LinkedHashMap<>();
    root.path("certificates").fields().forEachRemaining(e -> certs.put(e.getKey(), new IssuedCertificate(
        Pem.readCertificate(e.getValue().path("certificate").asText()),
        Pem.readPrivateKey(e.getValue().path("key").asText()))));
    return new Saved(new ClusterState(nodes, root.hasNonNull("kubernetesVersion")
        ? root.get("kubernetesVersion").asText() : null), certs.isEmpty() ? Optional.empty()
        : Optional.of(new ClusterCertificates(certs)));
  }

  private static Map<String, String> containers(JsonNode recorded) {
    Map<String, String> containers = new LinkedHashMap<>();
    recorded.fields().forEachRemaining(e -> containers.put(e.getKey(), e.getValue().asText()));
    return containers;
  }

  private static ObjectNode tree(Saved saved) {
    ObjectNode root = JSON.createObjectNode().put("format", FORMAT);
    if (saved.cluster().kubernetesVersion() != null) {
      root.put("kubernetesVersion", saved.cluster().kubernetesVersion());
    }
    ArrayNode nodes = root.putArray("nodes");
    for (ClusterState.NodeRecord n : saved.cluster().nodes()) {
      ObjectNode node = nodes.addObject().put("hostname", n.hostname()).put("address", n.address())
          .put("internalAddress", n.internalAddress());
      n.roles().stream().sorted().map(Role::yamlName).forEach(node.putArray("roles")::add);
      if (n.ssh() != null) {
        node.putObject("ssh").put("port", n.ssh().port()).put("user", n.ssh().user()).put("keyPath", n.ssh().keyPath())
            .put("dockerSocket", n.ssh().dockerSocket());
      }
      if (!n.containers().isEmpty()) {
        ObjectNode containers = node.putObject("containers");
        n.containers().forEach(containers::put);
      }
    }
    ObjectNode certs = root.putObject("certificates");
    saved.certificates().ifPresent(c -> c.byName().forEach((name, cert) ->
        certs.putObject(name).put("certificate", cert.certificatePem()).put("key", cert.privateKeyPem())));
    return root;
  }

  public static void save(Path file, Saved saved) {
    try {
      AtomicFiles.writeSecret(file, JSON.writeValueAsString(tree(saved)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
