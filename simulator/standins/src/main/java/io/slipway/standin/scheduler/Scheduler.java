package io.slipway.standin.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.engine.config.Quantity;
import io.slipway.standin.Tolerations;
import io.slipway.standin.client.Events;
import io.slipway.standin.client.KubeClient;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scheduling pass: every pending, unbound pod goes to the Ready, schedulable node whose
 * allocatable minus the requests of the pods already on it fits the pod's requests and whose
 * taints it tolerates (most free CPU first, then name). A pod that fits nowhere stays Pending
 * with a FailedScheduling event that says why, as the real scheduler reports it.
 */
public final class Scheduler {

  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
  private static final List<String> RESOURCES = List.of("cpu", "memory", "ephemeral-storage");

  private final Clock clock;

  public Scheduler(Clock clock) {
    this.clock = clock;
  }

  public void schedule(KubeClient client) {
    List<ObjectNode> pods = client.list("/api/v1/pods", null);
    List<ObjectNode> nodes = client.list("/api/v1/nodes", null);
    Map<String, Map<String, BigDecimal>> used = new HashMap<>();
    Map<String, Integer> podCount = new HashMap<>();
    for (ObjectNode pod : pods) {
      String node = pod.path("spec").path("nodeName").asText("");
      String phase = pod.path("status").path("phase").asText("Pending");
      if (!node.isEmpty() && !phase.equals("Succeeded") && !phase.equals("Failed")) {
        Map<String, BigDecimal> requests = requests(pod);
        used.computeIfAbsent(node, n -> new HashMap<>());
        requests.forEach((r, v) -> used.get(node).merge(r, v, BigDecimal::add));
        podCount.merge(node, 1, Integer::sum);
      }
    }
    for (ObjectNode pod : pods) {
      boolean pending = pod.path("spec").path("nodeName").asText("").isEmpty()
          && pod.path("status").path("phase").asText("Pending").equals("Pending")
          && pod.path("spec").path("schedulerName").asText("default-scheduler").equals("default-scheduler");
      if (pending) {
        place(client, pod, nodes, used, podCount);
      }
    }
  }

  private void place(KubeClient client, ObjectNode pod, List<ObjectNode> nodes, Map<String, Map<String, BigDecimal>> used,
      Map<String, Integer> podCount) {
    Map<String, BigDecimal> requests = requests(pod);
    Map<String, Integer> reasons = new HashMap<>();
    List<ObjectNode> fitting = new ArrayList<>();
    for (ObjectNode node : nodes) {
      String name = node.path("metadata").path("name").asText();
      String reason = misfit(pod, node, requests, used.getOrDefault(name, Map.of()), podCount.getOrDefault(name, 0));
      if (reason == null) {
        fitting.add(node);
      } else {
        reasons.merge(reason, 1, Integer::sum);
      }
    }
    String podName = pod.path("metadata").path("name").asText();
    String namespace = pod.path("metadata").path("namespace").asText();
    if (fitting.isEmpty()) {
      String message = "0/" + nodes.size() + " nodes are available: " + String.join(", ", reasons.entrySet().stream()
          .sorted(Map.Entry.comparingByKey()).map(e -> e.getValue() + " " + e.getKey()).toList()) + ".";
      recordFailure(client, pod, message);
      return;
    }
    ObjectNode chosen = fitting.stream().max(Comparator.comparing((ObjectNode n) -> free(n, used, "cpu"))
        .thenComparing(n -> n.path("metadata").path("name").asText(), Comparator.reverseOrder())).orElseThrow();
    String node = chosen.path("metadata").path("name").asText();
    ObjectNode binding = client.json().createObjectNode().put("apiVersion", "v1").put("kind", "Binding");
    binding.putObject("metadata").put("name", podName).put("namespace", namespace);
    binding.putObject("target").put("apiVersion", "v1").put("kind", "Node").put("name", node);
    client.create("/api/v1/namespaces/" + namespace + "/pods/" + podName + "/binding", binding);
    requests.forEach((r, v) -> used.computeIfAbsent(node, n -> new HashMap<>()).merge(r, v, BigDecimal::add));
    podCount.merge(node, 1, Integer::sum);
    new Events(client, "default-scheduler", null, clock).normal(pod, "Scheduled",
        "Successfully assigned " + namespace + "/" + podName + " to " + node);
    LOG.info("bound pod {}/{} to node {}", namespace, podName, node);
  }

  /** Why {@code pod} cannot go to {@code node}, in the real scheduler's words, or null when it can. */
  private static String misfit(JsonNode pod, JsonNode node, Map<String, BigDecimal> requests,
      Map<String, BigDecimal> used, int pods) {
    boolean ready = false;
    for (JsonNode c : node.path("status").path("conditions")) {
      ready |= c.path("type").asText().equals("Ready") && c.path("status").asText().equals("True");
    }
    if (!ready) {
      return "node(s) were not ready";
    }
    if (node.path("spec").path("unschedulable").asBoolean(false)) {
      return "node(s) were unschedulable";
    }
    for (JsonNode taint : node.path("spec").path("taints")) {
      String effect = taint.path("effect").asText();
      if ((effect.equals("NoSchedule") || effect.equals("NoExecute")) && !Tolerations.tolerate(pod.path("spec"), taint)) {
        return "node(s) had taints that the pod didn't tolerate";
      }
    }
    JsonNode allocatable = node.path("status").path("allocatable");
    for (String resource : RESOURCES) {
      BigDecimal want = requests.getOrDefault(resource, BigDecimal.ZERO);
      BigDecimal have = quantity(allocatable.path(resource).asText("0")).subtract(used.getOrDefault(resource, BigDecimal.ZERO));
      if (want.compareTo(have) > 0) {
        return "Insufficient " + resource;
      }
    }
    if (pods >= allocatable.path("pods").asInt(110)) {
      return "Too many pods";
    }
    return null;
  }

  private static BigDecimal free(JsonNode node, Map<String, Map<String, BigDecimal>> used, String resource) {
    return quantity(node.path("status").path("allocatable").path(resource).asText("0"))
        .subtract(used.getOrDefault(node.path("metadata").path("name").asText(), Map.of()).getOrDefault(resource, BigDecimal.ZERO));
  }

  private static Map<String, BigDecimal> requests(JsonNode pod) {
    Map<String, BigDecimal> total = new HashMap<>();
    for (JsonNode container : pod.path("spec").path("containers")) {
      JsonNode requests = container.path("resources").path("requests");
      for (String resource : RESOURCES) {
        if (requests.has(resource)) {
          total.merge(resource, quantity(requests.path(resource).asText()), BigDecimal::add);
        }
      }
    }
    return total;
  }

  private static BigDecimal quantity(String text) {
    return Quantity.isValid(text) ? Quantity.parse(text).value() : BigDecimal.ZERO;
  }

  private void recordFailure(KubeClient client, ObjectNode pod, String message) {
    String namespace = pod.path("metadata").path("namespace").asText();
    new Events(client, "default-scheduler", null, clock).warning(pod, "FailedScheduling", message);
    LOG.info("pod {}/{} does not fit: {}", namespace, pod.path("metadata").path("name").asText(), message);
  }
}
