package io.slipway.standin.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.standin.apiserver.ObjectStore;
import io.slipway.standin.apiserver.Selectors;
import io.slipway.standin.client.KubeClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the workload controllers share: who controls an object (its controller owner
 * reference), pods stamped from a template, a template's hash, and the pod states they count.
 */
final class Owned {

  private static final Logger LOG = LoggerFactory.getLogger(Owned.class);

  private Owned() {
  }

  static String name(JsonNode object) {
    return object.path("metadata").path("name").asText();
  }

  static String namespace(JsonNode object) {
    return object.path("metadata").path("namespace").asText();
  }

  static String uid(JsonNode object) {
    return object.path("metadata").path("uid").asText();
  }

  /** The uid of the object's controller (the owner reference with {@code controller: true}). */
  static Optional<String> controller(JsonNode object) {
    for (JsonNode owner : object.path("metadata").path("ownerReferences")) {
      if (owner.path("controller").asBoolean(false)) {
        return Optional.of(owner.path("uid").asText());
      }
    }
    return Optional.empty();
  }

  static List<ObjectNode> controlledBy(JsonNode owner, List<ObjectNode> objects) {
    String uid = uid(owner);
    return objects.stream().filter(o -> namespace(o).equals(namespace(owner)))
        .filter(o -> controller(o).filter(uid::equals).isPresent()).toList();
  }

  /** Metadata naming {@code owner} (of {@code kind} in {@code apiVersion}) as the controller of what it is set on. */
  static void ownedBy(ObjectNode metadata, JsonNode owner, String apiVersion, String kind) {
    metadata.putArray("ownerReferences").addObject().put("apiVersion", apiVersion).put("kind", kind)
        .put("name", name(owner)).put("uid", uid(owner)).put("controller", true).put("blockOwnerDeletion", true);
  }

  /** A pod from {@code template} ({@code generateName} from {@code prefix}), controlled by {@code owner}. */
  static ObjectNode pod(KubeClient client, JsonNode template, String prefix, JsonNode owner, String apiVersion,
      String kind) {
    ObjectNode pod = client.json().createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
    ObjectNode metadata = pod.putObject("metadata").put("generateName", prefix + "-").put("namespace", namespace(owner));
    JsonNode templateMetadata = template.path("metadata");
    metadata.set("labels", templateMetadata.path("labels").isObject() ? templateMetadata.get("labels").deepCopy()
        : client.json().createObjectNode());
    if (templateMetadata.path("annotations").isObject()) {
      metadata.set("annotations", templateMetadata.get("annotations").deepCopy());
    }
    ownedBy(metadata, owner, apiVersion, kind);
    pod.set("spec", template.path("spec").deepCopy());
    return pod;
  }

  /**
   * A short stable hash of a pod template, in the alphabet Kubernetes uses for generated names;
   * over its fields in key order, so that the same template written by another client (kubectl
   * rollout undo) hashes the same.
   */
  static String templateHash(JsonNode template) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical(template).toString()
          .getBytes(StandardCharsets.UTF_8));
      StringBuilder hash = new StringBuilder();
      for (int i = 0; i < 10; i++) {
        hash.append(ObjectStore.ALPHABET.charAt((digest[i] & 0xff) % ObjectStore.ALPHABET.length()));
      }
      return hash.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode canonical(JsonNode node) {
    if (node.isObject()) {
      ObjectNode sorted = JsonNodeFactory.instance.objectNode();
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      // what a typed client writes back (null timestamps, empty resources) does not change the template
      names.stream().sorted().forEach(name -> {
        JsonNode value = canonical(node.get(name));
        if (!value.isNull() && !(value.isContainerNode() && value.isEmpty())) {
          sorted.set(name, value);
        }
      });
      return sorted;
    }
    if (node.isArray()) {
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      node.forEach(element -> array.add(canonical(element)));
      return array;
    }
    return node;
  }

  /** Whether the pod still counts: not finished (Succeeded or Failed). */
  static boolean active(JsonNode pod) {
    String phase = pod.path("status").path("phase").asText("Pending");
    return !phase.equals("Succeeded") && !phase.equals("Failed");
  }

  static boolean ready(JsonNode pod) {
    for (JsonNode condition : pod.path("status").path("conditions")) {
      if (condition.path("type").asText().equals("Ready")) {
        return condition.path("status").asText().equals("True");
      }
    }
    return false;
  }

  static boolean matches(JsonNode selector, JsonNode object) {
    return Selectors.labels(Selectors.text(selector)).test(object);
  }

  /**
   * Writes {@code status} through the status subresource when it differs from what the object
   * has (compared as JSON text would read back: a long 3 and a stored 3 are the same).
   */
  static void status(KubeClient client, String path, ObjectNode object, ObjectNode status) {
    if (!same(client, status, object.path("status"))) {
      ObjectNode patch = client.json().createObjectNode();
      patch.set("status", status);
      client.mergePatch(path + "/status", patch);
    }
  }

  /** Whether {@code built} reads back as {@code stored}, whatever number types it was built with. */
  static boolean same(KubeClient client, JsonNode built, JsonNode stored) {
    try {
      return client.json().readTree(built.toString()).equals(stored);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Runs {@code sync} on each object, one failing (a malformed object, a refused write) logged
   * and passed over so that it does not keep the others from their turn.
   */
  static void each(String controller, List<ObjectNode> objects, Consumer<ObjectNode> sync) {
    for (ObjectNode object : objects) {
      try {
        sync.accept(object);
      } catch (RuntimeException e) {
        LOG.warn("{} {}/{}: {}", controller, namespace(object), name(object), e.getMessage());
      }
    }
  }

  /** {@code maxSurge} / {@code maxUnavailable}: a whole number, or a percentage of {@code total} rounded as asked. */
  static int scaled(JsonNode value, int total, boolean roundUp) {
    if (value.isMissingNode() || value.isNull()) {
      return 0;
    }
    String text = value.asText();
    if (text.matches("\\d{1,3}%")) {
      double share = Integer.parseInt(text.substring(0, text.length() - 1)) * total / 100.0;
      return (int) (roundUp ? Math.ceil(share) : Math.floor(share));
    }
    if (text.matches("\\d{1,9}")) {
      return Integer.parseInt(text);
    }
    throw new IllegalArgumentException("\"" + text + "\" is neither a whole number nor a percentage");
  }
}
