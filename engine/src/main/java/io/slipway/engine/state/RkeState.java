package io.slipway.engine.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.engine.BadInputException;
import io.slipway.engine.config.Role;
import io.slipway.engine.pki.ClusterCertificates;
import io.slipway.engine.pki.IssuedCertificate;
import io.slipway.engine.pki.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * RKE's state file, {@code cluster.rkestate} beside cluster.yml (RKE's cluster/state.go: JSON
 * with a {@code desiredState} and a {@code currentState}, each holding the rkeConfig it was made
 * from and the {@code certificatesBundle}), read so that {@code up} can take over a cluster RKE
 * built: its CA and certificates are kept (RKE and Slipway name and place certificates alike),
 * its nodes become the cluster as last deployed. The file holds private keys: it is read, never
 * logged, and never written by Slipway.
 */
public final class RkeState {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RkeState() {
  }

  /** RKE's name for the state of {@code clusterFile}: {@code cluster.yml} → {@code cluster.rkestate}. */
  public static Path beside(Path clusterFile) {
    String name = clusterFile.getFileName().toString();
    String base = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
    return clusterFile.toAbsolutePath().resolveSibling(base + ".rkestate");
  }

  /** The RKE state beside Slipway's own state file ({@code cluster.slipwaystate} → {@code cluster.rkestate}). */
  public static Path besideStateFile(Path stateFile) {
    String name = stateFile.getFileName().toString();
    String base = name.endsWith(".slipwaystate") ? name.substring(0, name.length() - ".slipwaystate".length()) : name;
    return stateFile.toAbsolutePath().resolveSibling(base + ".rkestate");
  }

  /** The cluster and certificates {@code file} records, or empty when there is no such file. */
  public static Optional<StateStore.Saved> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse(Files.readAllBytes(file), file.toString()));
    } catch (IOException e) {
      throw new Unreadable(file.toString(), "it cannot be read (" + e.getMessage() + ")");
    }
  }

  /**
   * The cluster and certificates in RKE's state JSON that came from {@code origin} (a file, or
   * the cluster's {@code full-cluster-state}).
   */
  public static StateStore.Saved parse(byte[] content, String origin) {
    JsonNode root;
    try {
      root = JSON.readTree(content);
    } catch (IOException e) {
      String why = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
      throw new Unreadable(origin, "it is not readable JSON (" + why + ")");
    }
    JsonNode state = root.path("currentState").path("certificatesBundle").isObject() ? root.path("currentState")
        : root.path("desiredState");
    JsonNode bundle = state.path("certificatesBundle");
    if (!bundle.isObject() || bundle.isEmpty()) {
      throw new Unreadable(origin, "it has no certificatesBundle in currentState or desiredState");
    }
    Map<String, IssuedCertificate> certificates = new LinkedHashMap<>();
    bundle.fields().forEachRemaining(e -> {
      String cert = e.getValue().path("certificatePEM").asText("");
      String key = e.getValue().path("keyPEM").asText("");
      if (!cert.isBlank() && !key.isBlank()) {
        try {
          certificates.put(e.getKey(), new IssuedCertificate(Pem.readCertificate(cert), Pem.readPrivateKey(key)));
        } catch (RuntimeException unreadable) {
          throw new Unreadable(origin, "certificate " + e.getKey() + " cannot be read");
        }
      }
    });
    if (!certificates.containsKey("kube-ca")) {
      throw new Unreadable(origin, "its certificatesBundle has no kube-ca with a key");
    }
    return new StateStore.Saved(new ClusterState(nodes(state.path("rkeConfig").path("nodes")),
        state.path("rkeConfig").path("kubernetes_version").asText(null)),
        Optional.of(new ClusterCertificates(certificates)));
  }

  /** RKE's nodes as last deployed, named as RKE names them (hostname_override lower-cased, else the address). */
  private static List<ClusterState.NodeRecord> nodes(JsonNode nodes) {
    List<ClusterState.NodeRecord> records = new ArrayList<>();
    for (JsonNode node : nodes) {
      String address = node.path("address").asText("");
      String override = node.path("hostnameOverride").asText(node.path("hostname_override").asText(""));
      String internal = node.path("internalAddress").asText(node.path("internal_address").asText(""));
      EnumSet<Role> roles = EnumSet.noneOf(Role.class);
      node.path("role").forEach(r -> Role.parse(r.asText()).ifPresent(roles::add));
      if (!address.isEmpty()) {
        records.add(new ClusterState.NodeRecord(override.isEmpty() ? address : override.toLowerCase(Locale.ROOT), address,
            internal.isEmpty() ? address : internal, roles));
      }
    }
    return records;
  }

  /** cluster.rkestate exists but cannot be used: exit 2, nothing changed. */
  public static final class Unreadable extends BadInputException {
    private static final long serialVersionUID = 1L;

    Unreadable(String origin, String why) {
      super(origin + ": cannot adopt RKE's state: " + why + "; nothing was changed");
    }
  }
}
