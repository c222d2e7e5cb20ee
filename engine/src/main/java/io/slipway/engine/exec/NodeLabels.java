package io.slipway.engine.exec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.engine.Poll;
import io.slipway.engine.config.NodeConfig;
import io.slipway.engine.host.Host;
import io.slipway.engine.host.HttpResult;
import io.slipway.engine.plan.Step;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;

/**
 * Reconciles one Node object's labels and taints with what cluster.yml asks for. Which labels
 * and taints Slipway set is written on the node itself (annotations {@value #LABELS} and
 * {@value #TAINTS}), so a later run takes away exactly those the file dropped, whatever state
 * file it has, and never one that someone else set. One JSON merge patch, guarded by the
 * node's resourceVersion (a conflict is read again and retried).
 */
final class NodeLabels {

  static final String LABELS = "slipway.io/labels";
  static final String TAINTS = "slipway.io/taints";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String APISERVER = "https://localhost:6443/api/v1/nodes/";
  private static final Duration REGISTRATION = Duration.ofSeconds(90);
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final int CONFLICT_RETRIES = 5;

  private final Host host;
  private final SSLContext admin;
  private final Duration timeout;

  NodeLabels(Host host, SSLContext admin, Duration timeout) {
    this.host = host;
    this.admin = admin;
    this.timeout = timeout;
  }

  /** What changed on the node, or empty when it carried what it should already. */
  Optional<Change> reconcile(Step.LabelNode step) {
    URI url = URI.create(APISERVER + URLEncoder.encode(step.node(), StandardCharsets.UTF_8));
    for (int attempt = 1; ; attempt++) {
      JsonNode node = registered(step.node(), url);
      ObjectNode patch = patch(node, step);
      if (patch == null) {
        return Optional.empty();
      }
      HttpResult result = host.http("PATCH", url, admin, timeout, "application/merge-patch+json", patch.toString());
      if (result.status() == 200) {
        return Optional.of(new Change.NodeLabelled(step.node(), describe(patch)));
      }
      if (result.status() != 409 || attempt == CONFLICT_RETRIES) {
        throw new IllegalStateException("labelling node " + step.node() + ": " + answer(result));
      }
    }
  }

  /** The Node object once the node's kubelet has registered it. */
  private JsonNode registered(String name, URI url) {
    AtomicReference<HttpResult> last = new AtomicReference<>();
    boolean found = Poll.until(REGISTRATION, POLL, () -> {
      last.set(host.httpGet(url, admin, timeout));
      return last.get().status() == 200;
    });
    if (!found) {
      throw new IllegalStateException("node " + name + " was not registered within " + REGISTRATION.toSeconds()
          + " s; last answer: " + answer(last.get()));
    }
    try {
      return JSON.readTree(last.get().body());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("node " + name + ": the apiserver sent unreadable JSON", e);
    }
  }

  /** The merge patch that brings {@code node} to the step's labels and taints; null when none is needed. */
  static ObjectNode patch(JsonNode node, Step.LabelNode step) {
    JsonNode metadata = node.path("metadata");
    Set<String> previousLabels = managed(metadata.path("annotations").path(LABELS));
    Set<String> previousTaints = managed(metadata.path("annotations").path(TAINTS));
    ObjectNode patch = JSON.createObjectNode();
    ObjectNode meta = patch.putObject("metadata").put("resourceVersion", metadata.path("resourceVersion").asText());
    ObjectNode labels = meta.putObject("labels");
    step.labels().forEach((key, value) -> {
      if (!value.equals(metadata.path("labels").path(key).asText(null))) {
        labels.put(key, value);
      }
    });
    previousLabels.stream().filter(key -> !step.labels().containsKey(key) && metadata.path("labels").has(key))
        .forEach(labels::putNull);

    Set<String> wantedTaints = new TreeSet<>();
    Set<String> wanted = new TreeSet<>();
    for (NodeConfig.Taint t : step.taints()) {
      wantedTaints.add(taintKey(t.key(), t.effect()));
      wanted.add(taintKey(t.key(), t.effect()) + "=" + (t.value() == null ? "" : t.value()));
    }
    ArrayNode taints = JSON.createArrayNode();
    Set<String> ours = new TreeSet<>();
    for (JsonNode taint : node.path("spec").path("taints")) {
      String key = taintKey(taint.path("key").asText(), taint.path("effect").asText());
      if (previousTaints.contains(key) || wantedTaints.contains(key)) {
        ours.add(key + "=" + taint.path("value").asText(""));
      } else {
        taints.add(taint);  // someone else's, e.g. node.kubernetes.io/not-ready: kept as it is
      }
    }
    for (NodeConfig.Taint t : step.taints()) {
      ObjectNode taint = taints.addObject().put("key", t.key()).put("effect", t.effect());
      if (t.value() != null && !t.value().isEmpty()) {
        taint.put("value", t.value());
      }
    }
    boolean taintsChange = !ours.equals(wanted);

    Set<String> labelKeys = new TreeSet<>(step.labels().keySet());
    boolean annotationsChange = !labelKeys.equals(previousLabels) || !wantedTaints.equals(previousTaints);
    if (labels.isEmpty() && !taintsChange && !annotationsChange) {
      return null;
    }
    if (labels.isEmpty()) {
      meta.remove("labels");
    }
    if (taintsChange) {
      patch.putObject("spec").set("taints", taints);
    }
    if (annotationsChange) {
      meta.putObject("annotations").put(LABELS, String.join(",", labelKeys)).put(TAINTS, String.join(",", wantedTaints));
    }
    return patch;
  }

  private static String taintKey(String key, String effect) {
    return key + ":" + effect;
  }

  private static Set<String> managed(JsonNode annotation) {
    Set<String> keys = new TreeSet<>();
    if (annotation.isTextual() && !annotation.asText().isEmpty()) {
      keys.addAll(List.of(annotation.asText().split(",")));
    }
    return keys;
  }

  private static String describe(ObjectNode patch) {
    List<String> parts = new ArrayList<>();
    patch.path("metadata").path("labels").fields().forEachRemaining(e -> parts.add(e.getValue().isNull()
        ? "label " + e.getKey() + " removed" : "label " + e.getKey() + "=" + e.getValue().asText()));
    if (patch.path("spec").has("taints")) {
      parts.add("taints set");
    }
    return parts.isEmpty() ? "labels and taints recorded" : String.join(", ", parts);
  }

  private static String answer(HttpResult result) {
    return result == null ? "none" : result.status() < 0 ? result.body()
        : "HTTP " + result.status() + " " + result.body().strip();
  }
}
