package io.slipway.standin.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.standin.client.KubeClient;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each ReplicaSet's number of active pods at its {@code spec.replicas}: the missing ones
 * created from its template, the extra ones deleted (not yet placed first, then not ready, then
 * the newest), and its status counted from the pods it controls.
 */
final class ReplicaSetController {

  private static final Logger LOG = LoggerFactory.getLogger(ReplicaSetController.class);
  static final String REPLICA_SETS = "/apis/apps/v1/replicasets";

  void sync(KubeClient client, List<ObjectNode> pods) {
    Owned.each("replicaset", client.list(REPLICA_SETS, null), rs -> {
      String path = "/apis/apps/v1/namespaces/" + Owned.namespace(rs) + "/replicasets/" + Owned.name(rs);
      List<ObjectNode> owned = Owned.controlledBy(rs, pods).stream().filter(Owned::active).toList();
      int wanted = rs.path("spec").path("replicas").asInt(1);
      List<ObjectNode> left = owned;
      if (owned.size() < wanted) {
        for (int i = owned.size(); i < wanted; i++) {
          client.create("/api/v1/namespaces/" + Owned.namespace(rs) + "/pods",
              Owned.pod(client, rs.path("spec").path("template"), Owned.name(rs), rs, "apps/v1", "ReplicaSet"));
        }
        LOG.info("replicaset {}/{}: created {} pods", Owned.namespace(rs), Owned.name(rs), wanted - owned.size());
      } else if (owned.size() > wanted) {
        List<ObjectNode> doomed = owned.stream().sorted(deletionOrder()).limit(owned.size() - wanted).toList();
        doomed.forEach(pod -> client.delete("/api/v1/namespaces/" + Owned.namespace(pod) + "/pods/" + Owned.name(pod)));
        left = owned.stream().filter(pod -> !doomed.contains(pod)).toList();
        LOG.info("replicaset {}/{}: deleted {} pods", Owned.namespace(rs), Owned.name(rs), doomed.size());
      }
      // counted after this pass's deletions: a Deployment reading it must not count a deleted pod available
      Owned.status(client, path, rs, status(client, rs, left, Math.max(wanted, left.size())));
    });
  }

  private static ObjectNode status(KubeClient client, JsonNode rs, List<ObjectNode> pods, int replicas) {
    int ready = (int) pods.stream().filter(Owned::ready).count();
    int labelled = (int) pods.stream().filter(pod -> Owned.matches(rs.path("spec").path("selector"), pod)).count();
    return client.json().createObjectNode().put("replicas", replicas).put("fullyLabeledReplicas", labelled)
        .put("readyReplicas", ready).put("availableReplicas", ready)
        .put("observedGeneration", rs.path("metadata").path("generation").asLong(1));
  }

  /** The pods to delete first: not yet on a node, then not ready, then the most recently created. */
  private static Comparator<ObjectNode> deletionOrder() {
    return Comparator.comparing((ObjectNode pod) -> !pod.path("spec").path("nodeName").asText("").isEmpty())
        .thenComparing(Owned::ready)
        .thenComparing(pod -> pod.path("metadata").path("creationTimestamp").asText(), Comparator.reverseOrder())
        .thenComparing(Owned::name);
  }
}
