package io.slipway.engine.up;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.engine.SlipwayException;
import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.NodeConfig;
import io.slipway.engine.config.Role;
import io.slipway.engine.exec.HostStepRunner;
import io.slipway.engine.host.Host;
import io.slipway.engine.host.HttpResult;
import io.slipway.engine.pki.ClusterCertificates;
import io.slipway.engine.pki.IssuedCertificate;
import io.slipway.engine.pki.Pem;
import io.slipway.engine.pki.TlsContexts;
import io.slipway.engine.state.RkeState;
import io.slipway.engine.state.StateStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The state file kept in the cluster as well, as RKE keeps its full state in the Secret
 * {@code kube-system/full-cluster-state}: Slipway's is the Secret {@value #NAME}, key
 * {@value #KEY}, written after every successful run through a control-plane node's apiserver.
 * Like RKE's, it holds the CA key: whoever may read Secrets in kube-system can rebuild the state
 * file ({@code slipway util get-state-file}), which is the point, and the reason to guard them.
 */
final class StateInCluster {

  static final String NAME = "slipway-cluster-state";
  static final String KEY = "slipway.state";
  /** RKE's Secret (and, before RKE 1.4, ConfigMap) and its key. */
  static final String RKE_NAME = "full-cluster-state";
  private static final String SECRETS = "https://localhost:6443/api/v1/namespaces/kube-system/secrets";
  private static final String CONFIGMAPS = "https://localhost:6443/api/v1/namespaces/kube-system/configmaps";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ATTEMPTS = 5;

  /** A state found in the cluster: Slipway's, or RKE's JSON (then {@code rke} is true). */
  record Found(byte[] content, boolean rke, String origin) {
    @Override
    public String toString() {
      return "Found[" + origin + "]";
    }
  }

  private StateInCluster() {
  }

  /**
   * Stores {@code state} through {@code host}'s apiserver with the admin's {@code tls}: created,
   * or replaced when it differs (guarded by resourceVersion; a conflict is read again). Returns
   * whether anything was written.
   */
  static boolean store(Host host, SSLContext tls, byte[] state) {
    URI url = URI.create(SECRETS + "/" + NAME);
    for (int attempt = 1; ; attempt++) {
      HttpResult current = host.httpGet(url, tls, TIMEOUT);
      HttpResult written;
      if (current.status() == 404) {
        written = host.http("POST", URI.create(SECRETS), tls, TIMEOUT, "application/json", secret(state, null));
      } else if (current.status() == 200) {
        JsonNode existing = read(current.body());
        if (Arrays.equals(decode(existing.path("data").path(KEY).asText("")), state)) {
          return false;
        }
        written = host.http("PUT", url, tls, TIMEOUT, "application/json",
            secret(state, existing.path("metadata").path("resourceVersion").asText()));
      } else {
        throw refused("reading", host, current);
      }
      if (written.status() == 200 || written.status() == 201) {
        return true;
      }
      if (written.status() != 409 || attempt == ATTEMPTS) {
        throw refused("writing", host, written);
      }
    }
  }

  /**
   * Stores {@code state} through the first control-plane node of {@code config} whose apiserver
   * takes it, with the admin's certificate from {@code pki}.
   *
   * @throws SlipwayException naming every node tried, when none took it
   */
  static void storeThroughAny(ClusterConfig config, Map<String, Host> hosts, ClusterCertificates pki, byte[] state) {
    SSLContext admin = TlsContexts.verifying(pki.require("kube-ca").certificate(), pki.require("kube-admin"));
    List<String> failures = new ArrayList<>();
    for (NodeConfig node : config.nodes()) {
      Host host = hosts.get(node.hostname());
      if (node.has(Role.CONTROLPLANE) && host != null) {
        try {
          store(host, admin, state);
          return;
        } catch (RuntimeException e) {
          failures.add(e.getMessage());
        }
      }
    }
    throw new SlipwayException("no control-plane node's apiserver took the state's copy (Secret kube-system/" + NAME
        + "):\n  " + String.join("\n  ", failures));
  }

  /**
   * The state {@code host}'s apiserver holds, read with the node's own kubelet identity from its
   * /etc/kubernetes/ssl (what any control-plane node has, as RKE reads it there): Slipway's
   * Secret, else RKE's Secret, else RKE's older ConfigMap; empty when there is none.
   */
  static Optional<Found> fetch(Host host) {
    SSLContext tls = TlsContexts.verifying(Pem.readCertificate(text(host, "kube-ca.pem")), new IssuedCertificate(
        Pem.readCertificate(text(host, "kube-node.pem")), Pem.readPrivateKey(text(host, "kube-node-key.pem"))));
    String where = " on " + host.address().name();
    HttpResult slipway = host.httpGet(URI.create(SECRETS + "/" + NAME), tls, TIMEOUT);
    if (slipway.status() == 200) {
      return Optional.of(new Found(decode(read(slipway.body()).path("data").path(KEY).asText("")), false,
          "Secret kube-system/" + NAME + where));
    }
    HttpResult rke = host.httpGet(URI.create(SECRETS + "/" + RKE_NAME), tls, TIMEOUT);
    if (rke.status() == 200) {
      return Optional.of(new Found(decode(read(rke.body()).path("data").path(RKE_NAME).asText("")), true,
          "RKE's Secret kube-system/" + RKE_NAME + where));
    }
    HttpResult old = host.httpGet(URI.create(CONFIGMAPS + "/" + RKE_NAME), tls, TIMEOUT);
    if (old.status() == 200) {
      return Optional.of(new Found(read(old.body()).path("data").path(RKE_NAME).asText("")
          .getBytes(StandardCharsets.UTF_8), true, "RKE's ConfigMap kube-system/" + RKE_NAME + where));
    }
    for (HttpResult answer : new HttpResult[] {slipway, rke, old}) {
      if (answer.status() != 404) {
        throw refused("reading", host, answer);
      }
    }
    return Optional.empty();
  }

  /** Whether {@code found} is a state Slipway can use: the cluster and its certificates (exit 2 if not). */
  static StateStore.Saved parse(Found found) {
    StateStore.Saved saved = found.rke() ? RkeState.parse(found.content(), found.origin())
        : StateStore.read(found.content(), found.origin());
    if (saved.certificates().isEmpty()) {
      throw new SlipwayException(found.origin() + " holds no certificates");
    }
    return saved;
  }

  private static String secret(byte[] state, String resourceVersion) {
    ObjectNode secret = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Secret").put("type", "Opaque");
    ObjectNode metadata = secret.putObject("metadata").put("name", NAME).put("namespace", "kube-system");
    metadata.putObject("labels").put("app.kubernetes.io/managed-by", "slipway");
    if (resourceVersion != null) {
      metadata.put("resourceVersion", resourceVersion);
    }
    secret.putObject("data").put(KEY, Base64.getEncoder().encodeToString(state));
    return secret.toString();
  }

  private static String text(Host host, String file) {
    return new String(host.readFile(ExistingCluster.SSL_DIR + "/" + file), StandardCharsets.UTF_8);
  }

  private static JsonNode read(String body) {
    try {
      return JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw new SlipwayException("the apiserver answered with unreadable JSON: " + e.getMessage());
    }
  }

  private static byte[] decode(String base64) {
    return Base64.getDecoder().decode(base64);
  }

  private static SlipwayException refused(String doing, Host host, HttpResult answer) {
    String reason = HostStepRunner.oneLine(answer.body());
    return new SlipwayException(doing + " Secret kube-system/" + NAME + " through the apiserver on "
        + host.address().name() + ": HTTP " + answer.status() + (reason.isEmpty() ? "" : " (" + reason + ")"));
  }
}
