package io.slipway.standin.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.standin.client.KubeClient;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rolls each Deployment onto a ReplicaSet per pod template, as the real controller does: the
 * ReplicaSet of the current template ({@code <name>-<template hash>}, labelled and selected by
 * {@code pod-template-hash}, with the next {@code deployment.kubernetes.io/revision}) grows by
 * at most {@code maxSurge} pods over the wanted count while the older ones shrink as far as
 * {@code maxUnavailable} allows (or all at once first, for {@code Recreate}); old ReplicaSets
 * beyond {@code revisionHistoryLimit} are deleted, and the status is what {@code kubectl
 * rollout status} reads.
 */
final class DeploymentController {

  private static final Logger LOG = LoggerFactory.getLogger(DeploymentController.class);
  static final String HASH_LABEL = "pod-template-hash";
  static final String REVISION = "deployment.kubernetes.io/revision";

  private final Clock clock;

  DeploymentController(Clock clock) {
    this.clock = clock;
  }

  /** {@code listed}: the pods, as listed at the start of this pass. */
  void sync(KubeClient client, List<ObjectNode> listed) {
    List<ObjectNode> replicaSets = client.list(ReplicaSetController.REPLICA_SETS, null);
    // counted from the pods as they are now, not from ReplicaSet statuses a pass old: a pod that has
    // just become ready must not look unavailable (its ReplicaSet would be cut below maxUnavailable)
    PodCounts pods = new PodCounts(listed);
    Owned.each("deployment", client.list("/apis/apps/v1/deployments", null), deployment -> {
      List<ObjectNode> owned = Owned.controlledBy(deployment, replicaSets);
      String hash = Owned.templateHash(deployment.path("spec").path("template"));
      Optional<ObjectNode> ofTemplate = owned.stream().filter(rs -> hash.equals(rs.path("metadata").path("labels")
          .path(HASH_LABEL).asText())).findFirst();
      List<ObjectNode> old = owned.stream().filter(rs -> ofTemplate.filter(rs::equals).isEmpty()).sorted(byRevision())
          .toList();
      ObjectNode current = ofTemplate.orElse(null);
      int latest = owned.stream().mapToInt(DeploymentController::revision).max().orElse(0);
      boolean paused = deployment.path("spec").path("paused").asBoolean(false);
      if (paused && current == null) {
        // a paused Deployment starts no rollout: its newest ReplicaSet stays the current one
        if (owned.isEmpty()) {
          return;
        }
        current = old.get(old.size() - 1);
        old = old.subList(0, old.size() - 1);
      } else if (current == null) {
        current = create(client, deployment, hash, latest + 1);
      } else if (!paused && revision(current) < latest) {
        current = setRevision(client, current, latest + 1);  // rolled back to an older template
      }
      if (paused) {
        // scaling goes on while paused, onto the current ReplicaSet (what the older ones do not hold)
        setReplicas(client, current, Math.max(0, deployment.path("spec").path("replicas").asInt(1) - old.stream()
            .mapToInt(DeploymentController::replicas).sum()));
      } else {
        scale(client, deployment, current, old, pods);
      }
      prune(client, deployment, old, pods);
      Owned.status(client, path(deployment), deployment, status(client, deployment, current, old, pods));
      if (!String.valueOf(revision(current)).equals(deployment.path("metadata").path("annotations").path(REVISION)
          .asText())) {
        ObjectNode patch = client.json().createObjectNode();
        patch.putObject("metadata").putObject("annotations").put(REVISION, String.valueOf(revision(current)));
        client.mergePatch(path(deployment), patch);
      }
    });
  }

  private void scale(KubeClient client, JsonNode deployment, ObjectNode current, List<ObjectNode> old, PodCounts pods) {
    int wanted = deployment.path("spec").path("replicas").asInt(1);
    JsonNode strategy = deployment.path("spec").path("strategy");
    boolean oldRunning = old.stream().anyMatch(rs -> replicas(rs) > 0);
    if (!oldRunning) {
      setReplicas(client, current, wanted);
      return;
    }
    if (strategy.path("type").asText("RollingUpdate").equals("Recreate")) {
      old.forEach(rs -> setReplicas(client, rs, 0));
      return;  // the new pods come once the old ones are gone, on a later pass
    }
    JsonNode rolling = strategy.path("rollingUpdate");
    int surge = Owned.scaled(rolling.path("maxSurge"), wanted, true);
    int unavailable = Owned.scaled(rolling.path("maxUnavailable"), wanted, false);
    if (surge == 0 && unavailable == 0) {
      unavailable = 1;
    }
    int total = replicas(current) + old.stream().mapToInt(DeploymentController::replicas).sum();
    int up = Math.min(wanted + surge - total, wanted - replicas(current));
    if (up > 0) {
      setReplicas(client, current, replicas(current) + up);
    }
    int available = pods.available(current) + old.stream().mapToInt(pods::available).sum();
    // how many available pods may go now without falling below wanted - maxUnavailable
    int spare = available - (wanted - unavailable);
    for (ObjectNode rs : old) {
      // pods of an old ReplicaSet that are not available cost no availability when they go
      int unhealthy = Math.max(0, replicas(rs) - pods.available(rs));
      int healthyCut = Math.min(pods.available(rs), Math.max(0, spare));
      int cut = unhealthy + healthyCut;
      if (cut > 0) {
        spare -= healthyCut;
        setReplicas(client, rs, replicas(rs) - cut);
      }
    }
  }

  /** Deletes the old ReplicaSets scaled to nothing beyond {@code revisionHistoryLimit}, oldest first. */
  private static void prune(KubeClient client, JsonNode deployment, List<ObjectNode> old, PodCounts pods) {
    int limit = deployment.path("spec").path("revisionHistoryLimit").asInt(10);
    List<ObjectNode> idle = old.stream().filter(rs -> replicas(rs) == 0 && pods.active(rs) == 0)
        .toList();
    for (int i = 0; i < idle.size() - limit; i++) {
      client.delete(rsPath(idle.get(i)));
    }
  }

  private ObjectNode status(KubeClient client, JsonNode deployment, JsonNode current, List<ObjectNode> old,
      PodCounts pods) {
    int wanted = deployment.path("spec").path("replicas").asInt(1);
    List<JsonNode> all = new ArrayList<>(old);
    all.add(current);
    int replicas = all.stream().mapToInt(pods::active).sum();
    int ready = all.stream().mapToInt(pods::ready).sum();
    int available = all.stream().mapToInt(pods::available).sum();
    int updated = pods.active(current);
    int unavailable = Owned.scaled(deployment.path("spec").path("strategy").path("rollingUpdate").path("maxUnavailable"),
        wanted, false);
    ObjectNode status = client.json().createObjectNode()
        .put("observedGeneration", deployment.path("metadata").path("generation").asLong(1))
        .put("replicas", replicas).put("updatedReplicas", updated).put("readyReplicas", ready)
        .put("availableReplicas", available).put("unavailableReplicas", Math.max(0, Math.max(wanted, replicas) - available));
    boolean complete = updated == wanted && replicas == wanted && available >= wanted;
    ArrayNode conditions = status.putArray("conditions");
    condition(deployment, conditions, "Available", available >= wanted - unavailable,
        available >= wanted - unavailable ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
        available >= wanted - unavailable ? "Deployment has minimum availability."
            : "Deployment does not have minimum availability.");
    condition(deployment, conditions, "Progressing", true, complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
        "ReplicaSet \"" + Owned.name(current) + "\" " + (complete ? "has successfully progressed." : "is progressing."));
    return status;
  }

  /** A condition, keeping its transition time while its status stays (so that an unchanged status writes nothing). */
  private void condition(JsonNode deployment, ArrayNode conditions, String type, boolean status, String reason,
      String message) {
    String value = status ? "True" : "False";
    Optional<JsonNode> previous = Optional.empty();
    for (JsonNode c : deployment.path("status").path("conditions")) {
      if (c.path("type").asText().equals(type)) {
        previous = Optional.of(c);
      }
    }
    boolean same = previous.filter(p -> p.path("status").asText().equals(value)).isPresent();
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    String since = same ? previous.get().path("lastTransitionTime").asText(now) : now;
    boolean unchanged = same && previous.get().path("reason").asText().equals(reason);
    conditions.addObject().put("type", type).put("status", value)
        .put("lastUpdateTime", unchanged ? previous.get().path("lastUpdateTime").asText(now) : now)
        .put("lastTransitionTime", since).put("reason", reason).put("message", message);
  }

  private static ObjectNode create(KubeClient client, JsonNode deployment, String hash, int revision) {
    ObjectNode rs = client.json().createObjectNode().put("apiVersion", "apps/v1").put("kind", "ReplicaSet");
    ObjectNode metadata = rs.putObject("metadata").put("name", Owned.name(deployment) + "-" + hash)
        .put("namespace", Owned.namespace(deployment));
    ObjectNode template = deployment.path("spec").path("template").deepCopy();
    template.with("metadata").with("labels").put(HASH_LABEL, hash);
    metadata.set("labels", template.path("metadata").path("labels").deepCopy());
    metadata.putObject("annotations").put(REVISION, String.valueOf(revision))
        .put("deployment.kubernetes.io/desired-replicas", deployment.path("spec").path("replicas").asText("1"));
    Owned.ownedBy(metadata, deployment, "apps/v1", "Deployment");
    ObjectNode selector = deployment.path("spec").path("selector").deepCopy();
    selector.with("matchLabels").put(HASH_LABEL, hash);
    rs.putObject("spec").put("replicas", 0).<ObjectNode>set("selector", selector).set("template", template);
    ObjectNode created = client.create("/apis/apps/v1/namespaces/" + Owned.namespace(deployment) + "/replicasets", rs)
        .orElseGet(() -> client.get(rsPath(rs)).orElseThrow(() -> new IllegalStateException(
            "replicaset " + Owned.name(rs) + " vanished")));
    LOG.info("deployment {}/{}: new replicaset {} (revision {})", Owned.namespace(deployment), Owned.name(deployment),
        Owned.name(created), revision);
    return created;
  }

  private static ObjectNode setRevision(KubeClient client, ObjectNode rs, int revision) {
    ObjectNode patch = client.json().createObjectNode();
    patch.putObject("metadata").putObject("annotations").put(REVISION, String.valueOf(revision));
    return client.mergePatch(rsPath(rs), patch);
  }

  private static void setReplicas(KubeClient client, ObjectNode rs, int replicas) {
    if (replicas(rs) != replicas) {
      ObjectNode patch = client.json().createObjectNode();
      patch.putObject("spec").put("replicas", replicas);
      ObjectNode updated = client.mergePatch(rsPath(rs), patch);
      rs.set("spec", updated.get("spec"));
      LOG.info("replicaset {}/{} scaled to {}", Owned.namespace(rs), Owned.name(rs), replicas);
    }
  }

  private static int replicas(JsonNode rs) {
    return rs.path("spec").path("replicas").asInt(1);
  }

  /** The active and the ready pods of each ReplicaSet, by its uid, from one list of pods. */
  private static final class PodCounts {
    private final Map<String, Integer> active = new HashMap<>();
    private final Map<String, Integer> ready = new HashMap<>();

    PodCounts(List<ObjectNode> pods) {
      for (ObjectNode pod : pods) {
        if (Owned.active(pod)) {
          Owned.controller(pod).ifPresent(uid -> {
            active.merge(uid, 1, Integer::sum);
            ready.merge(uid, Owned.ready(pod) ? 1 : 0, Integer::sum);
          });
        }
      }
    }

    int active(JsonNode rs) {
      return active.getOrDefault(Owned.uid(rs), 0);
    }

    int ready(JsonNode rs) {
      return ready.getOrDefault(Owned.uid(rs), 0);
    }

    /** Ready pods of {@code rs}, never more than it is now asked for (a scale-down this pass is not carried out yet). */
    int available(JsonNode rs) {
      return Math.min(replicas(rs), ready(rs));
    }
  }

  private static int revision(JsonNode rs) {
    String text = rs.path("metadata").path("annotations").path(REVISION).asText("0");
    return text.matches("\\d{1,9}") ? Integer.parseInt(text) : 0;
  }

  private static Comparator<ObjectNode> byRevision() {
    return Comparator.comparingInt((ObjectNode rs) -> revision(rs)).thenComparing(rs -> Owned.name(rs));
  }

  private static String path(JsonNode deployment) {
    return "/apis/apps/v1/namespaces/" + Owned.namespace(deployment) + "/deployments/" + Owned.name(deployment);
  }

  private static String rsPath(JsonNode rs) {
    return "/apis/apps/v1/namespaces/" + Owned.namespace(rs) + "/replicasets/" + Owned.name(rs);
  }
}
