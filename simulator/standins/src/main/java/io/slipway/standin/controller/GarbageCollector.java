package io.slipway.standin.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.standin.client.KubeClient;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the pods and ReplicaSets whose owners are all gone (background cascading deletion,
 * what {@code kubectl delete deployment} asks for), for the owner kinds the stand-in serves.
 * Dependents are listed before owners, so a dependent created meanwhile always finds its owner.
 */
final class GarbageCollector {

  private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);
  private static final Map<String, String> OWNERS = Map.of("ReplicaSet", ReplicaSetController.REPLICA_SETS,
      "Deployment", "/apis/apps/v1/deployments", "DaemonSet", "/apis/apps/v1/daemonsets", "Job", JobController.JOBS);

  /** {@code pods} and {@code replicaSets} were listed before this call. */
  void sync(KubeClient client, List<ObjectNode> pods, List<ObjectNode> replicaSets) {
    Set<String> owners = new HashSet<>();
    OWNERS.values().forEach(path -> client.list(path, null).forEach(owner -> owners.add(Owned.uid(owner))));
    collect(client, pods, owners, "/api/v1/namespaces/%s/pods/%s");
    collect(client, replicaSets, owners, "/apis/apps/v1/namespaces/%s/replicasets/%s");
  }

  private static void collect(KubeClient client, List<ObjectNode> dependents, Set<String> owners, String path) {
    for (ObjectNode dependent : dependents) {
      JsonNode references = dependent.path("metadata").path("ownerReferences");
      boolean known = references.size() > 0;
      boolean orphaned = known;
      for (JsonNode reference : references) {
        known &= OWNERS.containsKey(reference.path("kind").asText());
        orphaned &= !owners.contains(reference.path("uid").asText());
      }
      if (known && orphaned && client.delete(path.formatted(Owned.namespace(dependent), Owned.name(dependent)))) {
        LOG.info("deleted {}/{}: its owner is gone", Owned.namespace(dependent), Owned.name(dependent));
      }
    }
  }
}
