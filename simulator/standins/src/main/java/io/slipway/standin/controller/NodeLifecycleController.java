package io.slipway.standin.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.standin.client.KubeClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks a node's conditions Unknown when its kubelet stops posting: neither its Lease in
 * kube-node-lease nor its Ready heartbeat has changed for the node-monitor grace period. As in
 * the real controller, "changed" is judged by this process's clock when it saw the change.
 */
public final class NodeLifecycleController {

  private static final Logger LOG = LoggerFactory.getLogger(NodeLifecycleController.class);

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
  }

  private void markUnknown(KubeClient client, ObjectNode node) {
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
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
