package io.slipway.standin.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.standin.Tolerations;
import io.slipway.standin.client.KubeClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks a node's conditions Unknown when its kubelet stops posting: neither its Lease in
 * kube-node-lease nor its Ready heartbeat has changed for the node-monitor grace period. As in
 * the real controller, "changed" is judged by this process's clock when it saw the change.
 * Such a node is tainted {@code node.kubernetes.io/unreachable:NoExecute} (taken off once it is
 * Ready again), and its pods are evicted as taint-based eviction does: at once when they do not
 * tolerate the taint, after their {@code tolerationSeconds} (300 s by the apiserver's default)
 * when they do, never when they tolerate it without a bound (DaemonSet pods).
 */
public final class NodeLifecycleController {

  private static final Logger LOG = LoggerFactory.getLogger(NodeLifecycleController.class);

  private static final String UNREACHABLE = "node.kubernetes.io/unreachable";

  private final Duration gracePeriod;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final Map<String, String> lastSeen = new HashMap<>();
  private final Map<String, Long> lastChange = new HashMap<>();

  public NodeLifecycleController(Duration gracePeriod, Clock clock, LongSupplier nanoTime) {
    this.gracePeriod = gracePeriod;
    this.clock = clock;
    this.nanoTime = nanoTime;
  }

  /**
   * Forgets every heartbeat seen: the next sync starts each node's grace period anew, as a
   * controller-manager that just won the lease does (the real one is a new process by then).
   */
  public void forget() {
    lastSeen.clear();
    lastChange.clear();
  }

  public void sync(KubeClient client) {
    Map<String, String> leases = new HashMap<>();
    for (ObjectNode lease : client.list("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases", null)) {
      leases.put(lease.path("metadata").path("name").asText(), lease.path("spec").path("renewTime").asText());
    }
    for (ObjectNode node : client.list("/api/v1/nodes", null)) {
      String name = node.path("metadata").path("name").asText();
      JsonNode ready = ready(node);
      String probe = leases.getOrDefault(name, "") + "|" + ready.path("lastHeartbeatTime").asText("");
      long now = nanoTime.getAsLong();
      if (!probe.equals(lastSeen.get(name))) {
        lastSeen.put(name, probe);
        lastChange.put(name, now);
        continue;
      }
      boolean silent = Duration.ofNanos(now - lastChange.get(name)).compareTo(gracePeriod) > 0;
      if (silent && !"Unknown".equals(ready.path("status").asText())) {
        markUnknown(client, node);
      }
    }
    for (ObjectNode node : client.list("/api/v1/nodes", null)) {
      boolean unreachable = "Unknown".equals(ready(node).path("status").asText());
      if (unreachable != taint(node).isPresent()) {
        setTaint(client, node, unreachable);
      }
    }
    evict(client, client.list("/api/v1/nodes", null));
  }

  private Optional<JsonNode> taint(JsonNode node) {
    for (JsonNode taint : node.path("spec").path("taints")) {
      if (taint.path("key").asText().equals(UNREACHABLE) && taint.path("effect").asText().equals("NoExecute")) {
        return Optional.of(taint);
      }
    }
    return Optional.empty();
  }

  private void setTaint(KubeClient client, JsonNode node, boolean on) {
    ArrayNode taints = client.json().createArrayNode();
    node.path("spec").path("taints").forEach(taint -> {
      if (!taint.path("key").asText().equals(UNREACHABLE)) {
        taints.add(taint);
      }
    });
    if (on) {
      taints.addObject().put("key", UNREACHABLE).put("effect", "NoExecute").put("timeAdded", now());
    }
    ObjectNode patch = client.json().createObjectNode();
    patch.putObject("spec").set("taints", taints);
    String name = node.path("metadata").path("name").asText();
    client.mergePatch("/api/v1/nodes/" + name, patch);
    LOG.info("node {}: taint {}:NoExecute {}", name, UNREACHABLE, on ? "added" : "removed");
  }

  /** Deletes the pods on NoExecute-tainted nodes that do not tolerate a taint, or whose toleration has run out. */
  private void evict(KubeClient client, List<ObjectNode> nodes) {
    Map<String, JsonNode> tainted = new HashMap<>();
    for (ObjectNode node : nodes) {
      for (JsonNode taint : node.path("spec").path("taints")) {
        if (taint.path("effect").asText().equals("NoExecute")) {
          tainted.put(node.path("metadata").path("name").asText(), node);
        }
      }
    }
    if (tainted.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    for (ObjectNode pod : client.list("/api/v1/pods", null)) {
      JsonNode node = tainted.get(pod.path("spec").path("nodeName").asText(""));
      if (node != null && evictable(pod.path("spec"), node, now)) {
        String namespace = pod.path("metadata").path("namespace").asText();
        String name = pod.path("metadata").path("name").asText();
        client.delete("/api/v1/namespaces/" + namespace + "/pods/" + name);
        LOG.info("pod {}/{} evicted from node {} (NoExecute taint)", namespace, name,
            node.path("metadata").path("name").asText());
      }
    }
  }

  private static boolean evictable(JsonNode podSpec, JsonNode node, Instant now) {
    for (JsonNode taint : node.path("spec").path("taints")) {
      if (!taint.path("effect").asText().equals("NoExecute")) {
        continue;
      }
      Optional<JsonNode> toleration = Tolerations.toleration(podSpec, taint);
      if (toleration.isEmpty()) {
        return true;
      }
      if (toleration.get().has("tolerationSeconds")) {
        Instant added = added(taint).orElse(now);
        Instant deadline = added.plusSeconds(Math.max(0, toleration.get().path("tolerationSeconds").asLong()));
        if (!now.isBefore(deadline)) {
          return true;
        }
      }
    }
    return false;
  }

  /** When the taint was added; empty when it does not say (or says it unreadably). */
  private static Optional<Instant> added(JsonNode taint) {
    try {
      return Optional.of(Instant.parse(taint.path("timeAdded").asText()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private String now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private void markUnknown(KubeClient client, ObjectNode node) {
    String now = now();
    ArrayNode conditions = client.json().createArrayNode();
    for (JsonNode condition : node.path("status").path("conditions")) {
      ObjectNode c = condition.deepCopy();
      c.put("status", "Unknown").put("reason", "NodeStatusUnknown")
          .put("message", "Kubelet stopped posting node status.").put("lastTransitionTime", now);
      conditions.add(c);
    }
    ObjectNode patch = client.json().createObjectNode();
    patch.putObject("status").set("conditions", conditions);
    String name = node.path("metadata").path("name").asText();
    client.strategicPatch("/api/v1/nodes/" + name + "/status", patch);
    LOG.info("node {}: kubelet silent for over {} s; conditions set to Unknown", name, gracePeriod.toSeconds());
  }

  private static JsonNode ready(JsonNode node) {
    for (JsonNode condition : node.path("status").path("conditions")) {
      if (condition.path("type").asText().equals("Ready")) {
        return condition;
      }
    }
    return node.path("status").path("missing-ready-condition");
  }
}
