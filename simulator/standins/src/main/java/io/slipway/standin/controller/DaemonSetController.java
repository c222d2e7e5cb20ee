package io.slipway.standin.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.standin.Tolerations;
import io.slipway.standin.apiserver.Selectors;
import io.slipway.standin.client.KubeClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pod of each DaemonSet on every node it is meant for: the nodes its {@code nodeSelector}
 * matches and whose NoSchedule and NoExecute taints its pods tolerate (besides the tolerations
 * every DaemonSet pod gets: not-ready, unreachable, pressure, unschedulable). Pods are placed on
 * their node directly, as DaemonSets did before v1.12; a pod on a node no longer meant for is
 * deleted; a changed template is rolled one node at a time ({@code RollingUpdate}, at most
 * {@code maxUnavailable} pods not ready) or waits for pods to be deleted ({@code OnDelete}).
 */
final class DaemonSetController {

  private static final Logger LOG = LoggerFactory.getLogger(DaemonSetController.class);
  static final String HASH_LABEL = "controller-revision-hash";
  private static final Set<String> TOLERATED = Set.of("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable",
      "node.kubernetes.io/disk-pressure", "node.kubernetes.io/memory-pressure", "node.kubernetes.io/pid-pressure",
      "node.kubernetes.io/unschedulable");

  void sync(KubeClient client, List<ObjectNode> nodes, List<ObjectNode> pods) {
    Owned.each("daemonset", client.list("/apis/apps/v1/daemonsets", null), ds -> {
      String hash = Owned.templateHash(ds.path("spec").path("template"));
      JsonNode template = ds.path("spec").path("template");
      Set<String> meant = nodes.stream().filter(node -> meantFor(template, node, false)).map(Owned::name)
          .collect(Collectors.toSet());
      // a pod already running stays through a NoSchedule taint added later; only NoExecute drives it off
      Set<String> kept = nodes.stream().filter(node -> meantFor(template, node, true)).map(Owned::name)
          .collect(Collectors.toSet());
      Map<String, ObjectNode> byNode = new HashMap<>();
      for (ObjectNode pod : Owned.controlledBy(ds, pods)) {
        String node = pod.path("spec").path("nodeName").asText("");
        if (!kept.contains(node) || byNode.containsKey(node)) {
          client.delete(podPath(pod));
          LOG.info("daemonset {}/{}: pod {} deleted (node {} not meant for it)", Owned.namespace(ds), Owned.name(ds),
              Owned.name(pod), node);
        } else {
          byNode.put(node, pod);
        }
      }
      for (String node : meant) {
        if (!byNode.containsKey(node)) {
          ObjectNode pod = Owned.pod(client, template, Owned.name(ds), ds, "apps/v1", "DaemonSet");
          pod.with("metadata").with("labels").put(HASH_LABEL, hash);
          pod.with("spec").put("nodeName", node);
          tolerateForever(pod.with("spec"));
          client.create("/api/v1/namespaces/" + Owned.namespace(ds) + "/pods", pod);
          LOG.info("daemonset {}/{}: pod created on node {}", Owned.namespace(ds), Owned.name(ds), node);
        }
      }
      roll(client, ds, hash, byNode, meant.size());
      int ready = (int) byNode.values().stream().filter(Owned::ready).count();
      int updated = (int) byNode.values().stream().filter(pod -> isOf(pod, hash)).count();
      ObjectNode status = client.json().createObjectNode().put("desiredNumberScheduled", meant.size())
          .put("currentNumberScheduled", byNode.size()).put("numberMisscheduled", 0).put("numberReady", ready)
          .put("numberAvailable", ready).put("numberUnavailable", meant.size() - ready)
          .put("updatedNumberScheduled", updated)
          .put("observedGeneration", ds.path("metadata").path("generation").asLong(1));
      Owned.status(client, "/apis/apps/v1/namespaces/" + Owned.namespace(ds) + "/daemonsets/" + Owned.name(ds), ds,
          status);
    });
  }

  /**
   * Deletes pods of an older template while fewer than {@code maxUnavailable} of the {@code
   * nodes} it is meant for lack a ready pod (a node whose pod was deleted on an earlier pass and
   * is only now being replaced counts as unavailable).
   */
  private static void roll(KubeClient client, JsonNode ds, String hash, Map<String, ObjectNode> byNode, int nodes) {
    JsonNode strategy = ds.path("spec").path("updateStrategy");
    if (!strategy.path("type").asText("RollingUpdate").equals("RollingUpdate")) {
      return;
    }
    int budget = Math.max(1, Owned.scaled(strategy.path("rollingUpdate").path("maxUnavailable"), nodes, false))
        - (nodes - (int) byNode.values().stream().filter(Owned::ready).count());
    for (ObjectNode pod : byNode.values().stream().filter(pod -> !isOf(pod, hash)).sorted((a, b) ->
        Boolean.compare(Owned.ready(a), Owned.ready(b))).toList()) {
      if (!Owned.ready(pod) || budget > 0) {
        budget -= Owned.ready(pod) ? 1 : 0;
        client.delete(podPath(pod));
        LOG.info("daemonset {}/{}: pod {} of an older template deleted", Owned.namespace(ds), Owned.name(ds),
            Owned.name(pod));
      }
    }
  }

  /**
   * Whether a pod of {@code template} belongs on {@code node}: its nodeSelector matches and it
   * tolerates the node's NoExecute taints, and, unless {@code running} (a pod already there),
   * its NoSchedule taints too.
   */
  static boolean meantFor(JsonNode template, JsonNode node, boolean running) {
    if (!Selectors.hasLabels(template.path("spec").path("nodeSelector"), node)) {
      return false;
    }
    for (JsonNode taint : node.path("spec").path("taints")) {
      String effect = taint.path("effect").asText();
      boolean blocking = effect.equals("NoExecute") || !running && effect.equals("NoSchedule");
      if (blocking && !TOLERATED.contains(taint.path("key").asText()) && !Tolerations.tolerate(template.path("spec"), taint)) {
        return false;
      }
    }
    return true;
  }

  /** The tolerations the real controller gives every DaemonSet pod: it stays on its node through anything. */
  private static void tolerateForever(ObjectNode podSpec) {
    for (String key : TOLERATED.stream().sorted().toList()) {
      String effect = key.endsWith("not-ready") || key.endsWith("unreachable") ? "NoExecute" : "NoSchedule";
      podSpec.withArray("tolerations").addObject().put("key", key).put("operator", "Exists").put("effect", effect);
    }
  }

  private static boolean isOf(JsonNode pod, String hash) {
    return hash.equals(pod.path("metadata").path("labels").path(HASH_LABEL).asText());
  }

  private static String podPath(JsonNode pod) {
    return "/api/v1/namespaces/" + Owned.namespace(pod) + "/pods/" + Owned.name(pod);
  }
}
