package io.slipway.engine.exec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.engine.Poll;
import io.slipway.engine.host.Host;
import io.slipway.engine.host.HttpResult;
import io.slipway.engine.plan.DrainSettings;
import io.slipway.engine.plan.Step;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;

/**
 * Cordons, drains and uncordons a node for a rolling upgrade, as {@code kubectl drain} does,
 * through the node's own connection to an apiserver. A cordon by the upgrade is marked on the
 * node ({@value #CORDONED} annotation), so the uncordon gives back only what the upgrade took (a
 * node an operator cordoned stays cordoned) and a re-run after a failure finds its own cordon.
 * The drain evicts through the Eviction API (so PodDisruptionBudgets hold: a refused eviction is
 * tried again until the timeout), or deletes where the apiserver has no eviction, and waits until
 * the pods are gone.
 */
final class NodeScheduling {

  static final String CORDONED = "slipway.io/cordoned-for-upgrade";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API = "https://localhost:6443";
  private static final Duration READY = Duration.ofSeconds(180);
  private static final Duration POLL = Duration.ofSeconds(1);

  private final Host host;
  private final SSLContext admin;
  private final Duration timeout;

  NodeScheduling(Host host, SSLContext admin, Duration timeout) {
    this.host = host;
    this.admin = admin;
    this.timeout = timeout;
  }

  /** Cordons (and drains) the node; the change, or empty when someone else had cordoned it and nothing was evicted. */
  Optional<Change> cordon(Step.Cordon step) {
    URI url = nodeUrl(step.node());
    JsonNode node = get(url, "node " + step.node());
    boolean unschedulable = node.path("spec").path("unschedulable").asBoolean(false);
    boolean ours = node.path("metadata").path("annotations").has(CORDONED);
    if (unschedulable && !ours) {
      // cordoned by someone else: theirs to undo; drained all the same, as kubectl drain does
      int evicted = step.drain() == null ? 0 : drain(step.node(), step.drain());
      return evicted == 0 ? Optional.empty() : Optional.of(new Change.NodeScheduling(step.node(), "drained for the "
          + "upgrade (" + evicted + " pods evicted; cordoned before, and left so)"));
    }
    if (!unschedulable) {
      ObjectNode patch = JSON.createObjectNode();
      patch.putObject("metadata").putObject("annotations").put(CORDONED, "true");
      patch.putObject("spec").put("unschedulable", true);
      patch(url, patch, "cordoning node " + step.node());
    }
    int evicted = step.drain() == null ? 0 : drain(step.node(), step.drain());
    return Optional.of(new Change.NodeScheduling(step.node(), step.drain() == null ? "cordoned for the upgrade"
        : "cordoned and drained for the upgrade (" + evicted + " pods evicted)"));
  }

  /** Once the node is Ready: schedulable again, if the upgrade cordoned it. */
  Optional<Change> uncordon(Step.Uncordon step) {
    URI url = nodeUrl(step.node());
    AtomicReference<JsonNode> last = new AtomicReference<>();
    boolean ready = Poll.until(READY, POLL, () -> {
      HttpResult result = host.httpGet(url, admin, timeout);
      if (result.status() != 200) {
        return false;
      }
      last.set(read(result.body(), "node " + step.node()));
      for (JsonNode condition : last.get().path("status").path("conditions")) {
        if (condition.path("type").asText().equals("Ready")) {
          return condition.path("status").asText().equals("True");
        }
      }
      return false;
    });
    if (!ready) {
      throw new IllegalStateException("node " + step.node() + " was not Ready within " + READY.toSeconds()
          + " s after its components were replaced; it stays cordoned, and the rollout stops here");
    }
    if (!last.get().path("metadata").path("annotations").has(CORDONED)) {
      return Optional.empty();
    }
    ObjectNode patch = JSON.createObjectNode();
    patch.putObject("metadata").putObject("annotations").putNull(CORDONED);
    patch.putObject("spec").put("unschedulable", false);
    patch(url, patch, "uncordoning node " + step.node());
    return Optional.of(new Change.NodeScheduling(step.node(), "uncordoned, Ready"));
  }

  /** Evicts the node's pods as {@code settings} allow and waits until they are gone; how many were evicted. */
  private int drain(String nodeName, DrainSettings settings) {
    JsonNode pods = get(URI.create(API + "/api/v1/pods?fieldSelector=" + URLEncoder.encode("spec.nodeName=" + nodeName,
        StandardCharsets.UTF_8)), "the pods of node " + nodeName);
    List<JsonNode> evict = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (JsonNode pod : pods.path("items")) {
      if (!pod.path("spec").path("nodeName").asText().equals(nodeName)) {
        continue;  // an apiserver that ignores the field selector
      }
      JsonNode meta = pod.path("metadata");
      String name = meta.path("namespace").asText() + "/" + meta.path("name").asText();
      if (meta.path("annotations").has("kubernetes.io/config.mirror")) {
        continue;  // a static pod's mirror: the kubelet owns it
      }
      String owner = meta.path("ownerReferences").path(0).path("kind").asText("");
      if (owner.equals("DaemonSet")) {
        if (!settings.ignoreDaemonsets()) {
          refused.add(name + " (DaemonSet-managed; set ignore_daemonsets)");
        }
        continue;
      }
      if (owner.isEmpty() && !settings.force()) {
        refused.add(name + " (no controller; set force)");
        continue;
      }
      boolean localData = false;
      for (JsonNode volume : pod.path("spec").path("volumes")) {
        localData |= volume.has("emptyDir");
      }
      if (localData && !settings.deleteLocalData()) {
        refused.add(name + " (local data in emptyDir; set delete_local_data)");
        continue;
      }
      evict.add(pod);
    }
    if (!refused.isEmpty()) {
      throw new IllegalStateException("cannot drain node " + nodeName + ": " + String.join(", ", refused)
          + " (upgrade_strategy.node_drain_input); the node stays cordoned");
    }
    for (JsonNode pod : evict) {
      evict(pod, settings);
    }
    for (JsonNode pod : evict) {
      URI url = podUrl(pod);
      if (!Poll.until(settings.timeout(), POLL, () -> host.httpGet(url, admin, timeout).status() == 404)) {
        throw new IllegalStateException("draining node " + nodeName + ": pod " + pod.path("metadata").path("name")
            .asText() + " still there after " + settings.timeout().toSeconds() + " s (node_drain_input.timeout)");
      }
    }
    return evict.size();
  }

  private void evict(JsonNode pod, DrainSettings settings) {
    JsonNode meta = pod.path("metadata");
    ObjectNode eviction = JSON.createObjectNode().put("apiVersion", settings.evictionApiVersion())
        .put("kind", "Eviction");
    eviction.putObject("metadata").put("name", meta.path("name").asText()).put("namespace",
        meta.path("namespace").asText());
    if (settings.gracePeriodSeconds() >= 0) {
      eviction.putObject("deleteOptions").put("gracePeriodSeconds", settings.gracePeriodSeconds());
    }
    URI evictionUrl = URI.create(podUrl(pod) + "/eviction");
    AtomicReference<HttpResult> last = new AtomicReference<>();
    boolean done = Poll.until(settings.timeout(), POLL, () -> {
      HttpResult result = host.http("POST", evictionUrl, admin, timeout, "application/json", eviction.toString());
      last.set(result);
      if (result.status() == 404) {
        // the pod is gone, or there is no Eviction API here: delete, as kubectl drain falls back to
        result = host.http("DELETE", URI.create(podUrl(pod) + (settings.gracePeriodSeconds() >= 0
            ? "?gracePeriodSeconds=" + settings.gracePeriodSeconds() : "")), admin, timeout);
        last.set(result);
      }
      // 429: a PodDisruptionBudget does not allow it now
      return result.status() / 100 == 2 || result.status() == 404;
    });
    if (!done) {
      throw new IllegalStateException("evicting pod " + meta.path("namespace").asText() + "/" + meta.path("name")
          .asText() + " was refused for " + settings.timeout().toSeconds() + " s (a PodDisruptionBudget?): "
          + answer(last.get()));
    }
  }

  private JsonNode get(URI url, String what) {
    HttpResult result = host.httpGet(url, admin, timeout);
    if (result.status() != 200) {
      throw new IllegalStateException("reading " + what + ": " + answer(result));
    }
    return read(result.body(), what);
  }

  private void patch(URI url, ObjectNode patch, String what) {
    HttpResult result = host.http("PATCH", url, admin, timeout, "application/merge-patch+json", patch.toString());
    if (result.status() != 200) {
      throw new IllegalStateException(what + ": " + answer(result));
    }
  }

  private static JsonNode read(String body, String what) {
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(what + ": the apiserver sent unreadable JSON", e);
    }
  }

  private static URI nodeUrl(String node) {
    return URI.create(API + "/api/v1/nodes/" + URLEncoder.encode(node, StandardCharsets.UTF_8));
  }

  private static URI podUrl(JsonNode pod) {
    JsonNode meta = pod.path("metadata");
    return URI.create(API + "/api/v1/namespaces/" + URLEncoder.encode(meta.path("namespace").asText(),
        StandardCharsets.UTF_8) + "/pods/" + URLEncoder.encode(meta.path("name").asText(), StandardCharsets.UTF_8));
  }

  private static String answer(HttpResult result) {
    return result == null ? "none" : result.status() < 0 ? HostStepRunner.oneLine(result.body())
        : "HTTP " + result.status() + " " + HostStepRunner.oneLine(result.body());
  }
}
