package io.slipway.standin.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;

/** Create, read, update, patch, delete and list of one resource request; watches go to {@link WatchHandler}. */
final class ResourceHandler {

  private final ObjectStore store;
  private final ObjectMapper json;
  private final Tables tables;
  private final WatchHandler watches;
  private final Evictions evictions;
  private final PodLogs logs;

  ResourceHandler(ObjectStore store, ObjectMapper json, Tables tables, WatchHandler watches, PodLogs logs) {
    this.store = store;
    this.json = json;
    this.tables = tables;
    this.watches = watches;
    this.evictions = new Evictions(store, json);
    this.logs = logs;
  }

  void handle(HttpExchange exchange, Request request) throws IOException {
    String method = exchange.getRequestMethod();
    ResourceType type = request.type();
    String ns = request.namespace();
    String name = request.name();
    String accept = exchange.getRequestHeaders().getFirst("Accept");
    if (name == null) {
      switch (method) {
        case "GET" -> {
          Predicate<JsonNode> filter = Selectors.labels(request.param("labelSelector"))
              .and(Selectors.fields(request.param("fieldSelector")));
          if (request.isWatch()) {
            watches.watch(exchange, request, filter);
            return;
          }
          ObjectStore.ListResult list = store.list(type, ns, filter);
          String revision = Long.toString(list.revision());
          Responses.json(exchange, 200, Tables.wanted(accept) ? tables.table(type, list.items(), revision)
              : listOf(type, list.items(), revision));
        }
        case "POST" -> Responses.json(exchange, 201, store.create(type, ns, body(exchange)));
        default -> throw new ApiException(405, "MethodNotAllowed", method + " is not allowed on a list");
      }
      return;
    }
    if (request.subresource() != null && !type.subresources().contains(request.subresource())) {
      throw new ApiException(404, "NotFound", "the server could not find the requested resource");
    }
    if ("binding".equals(request.subresource())) {
      bind(exchange, request);
      return;
    }
    if ("scale".equals(request.subresource())) {
      scale(exchange, request);
      return;
    }
    if ("log".equals(request.subresource())) {
      logs.serve(exchange, request);
      return;
    }
    if ("eviction".equals(request.subresource())) {
      if (!exchange.getRequestMethod().equals("POST")) {
        throw new ApiException(405, "MethodNotAllowed", "an eviction can only be created");
      }
      Responses.json(exchange, 201, evictions.evict(request.namespace(), request.name()));
      return;
    }
    boolean status = "status".equals(request.subresource());
    switch (method) {
      case "GET" -> {
        ObjectNode object = store.get(type, ns, name);
        Responses.json(exchange, 200, Tables.wanted(accept)
            ? tables.table(type, List.of(object), object.path("metadata").path("resourceVersion").asText()) : object);
      }
      case "PUT" -> {
        ObjectNode body = body(exchange);
        ObjectNode current = store.get(type, ns, name);
        Responses.json(exchange, 200, store.update(type, ns, name, keepOther(type, current, body, status)));
      }
      case "PATCH" -> {
        JsonNode patch = json.readTree(exchange.getRequestBody());
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        Responses.json(exchange, 200, store.patch(type, ns, name,
            current -> keepOther(type, current, apply(contentType, current.deepCopy(), patch), status)));
      }
      case "DELETE" -> Responses.json(exchange, 200, store.delete(type, ns, name));
      default -> throw new ApiException(405, "MethodNotAllowed", method + " is not allowed");
    }
  }

  /** {@code POST pods/NAME/binding}: the scheduler's way of placing a pod on a node, once. */
  private void bind(HttpExchange exchange, Request request) throws IOException {
    String node = body(exchange).path("target").path("name").asText("");
    if (node.isEmpty()) {
      throw ApiException.badRequest("binding needs target.name");
    }
    store.patch(request.type(), request.namespace(), request.name(), pod -> {
      if (!pod.path("spec").path("nodeName").asText("").isEmpty()) {
        throw new ApiException(409, "Conflict", "pod " + request.name() + " is already assigned to node "
            + pod.path("spec").path("nodeName").asText());
      }
      pod.with("spec").put("nodeName", node);
      return pod;
    });
    ObjectNode status = json.createObjectNode().put("kind", "Status").put("apiVersion", "v1").put("status", "Success")
        .put("code", 201);
    status.putObject("metadata");
    Responses.json(exchange, 201, status);
  }

  /**
   * {@code .../scale}: the object's replica count as an {@code autoscaling/v1} Scale, read,
   * replaced or patched (what {@code kubectl scale} does); only {@code spec.replicas} is taken.
   */
  private void scale(HttpExchange exchange, Request request) throws IOException {
    ResourceType type = request.type();
    String method = exchange.getRequestMethod();
    if (method.equals("GET")) {
      Responses.json(exchange, 200, scaleOf(store.get(type, request.namespace(), request.name())));
      return;
    }
    JsonNode body = json.readTree(exchange.getRequestBody());
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    ObjectNode updated = store.patch(type, request.namespace(), request.name(), current -> {
      ObjectNode scale = scaleOf(current);
      JsonNode wanted = switch (method) {
        case "PUT" -> body;
        case "PATCH" -> apply(contentType, scale.deepCopy(), body);
        default -> throw new ApiException(405, "MethodNotAllowed", method + " is not allowed on scale");
      };
      String version = wanted.path("metadata").path("resourceVersion").asText("");
      if (!version.isEmpty() && !version.equals(current.path("metadata").path("resourceVersion").asText())) {
        throw ApiException.conflict(type, request.name());
      }
      if (!wanted.path("spec").path("replicas").canConvertToInt() || wanted.path("spec").path("replicas").asInt() < 0) {
        throw ApiException.badRequest("spec.replicas: Invalid value: must be a non-negative whole number");
      }
      current.with("spec").put("replicas", wanted.path("spec").path("replicas").asInt());
      return current;
    });
    Responses.json(exchange, 200, scaleOf(updated));
  }

  private ObjectNode scaleOf(JsonNode object) {
    ObjectNode scale = json.createObjectNode().put("kind", "Scale").put("apiVersion", "autoscaling/v1");
    JsonNode metadata = object.path("metadata");
    ObjectNode m = scale.putObject("metadata");
    for (String field : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
      if (metadata.has(field)) {
        m.set(field, metadata.get(field));
      }
    }
    scale.putObject("spec").put("replicas", object.path("spec").path("replicas").asInt(1));
    scale.putObject("status").put("replicas", object.path("status").path("replicas").asInt(0))
        .put("selector", Selectors.text(object.path("spec").path("selector")));
    return scale;
  }

  /**
   * Types with a status subresource change status only through it, and everything else only
   * through the main resource, as the real apiserver enforces.
   */
  private static ObjectNode keepOther(ResourceType type, ObjectNode current, JsonNode changed, boolean statusWrite) {
    if (!changed.isObject()) {
      throw ApiException.badRequest("the patched object is not an object");
    }
    ObjectNode result = (ObjectNode) changed;
    if (!type.subresources().contains("status")) {
      return result;
    }
    if (statusWrite) {
      ObjectNode kept = current.deepCopy();
      kept.set("status", result.path("status").deepCopy());
      kept.with("metadata").set("resourceVersion", result.path("metadata").path("resourceVersion"));
      return kept;
    }
    if (current.has("status")) {
      result.set("status", current.get("status").deepCopy());
    }
    return result;
  }

  private static JsonNode apply(String contentType, ObjectNode current, JsonNode patch) {
    String kind = contentType == null ? "" : contentType.split(";")[0].trim();
    return switch (kind) {
      case "application/merge-patch+json" -> Patches.mergePatch(current, patch);
      case "application/strategic-merge-patch+json" -> Patches.strategicMergePatch(current, patch);
      case "application/json-patch+json" -> Patches.jsonPatch(current, patch);
      default -> throw new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown "
          + "format - accepted media types include: application/json-patch+json, application/merge-patch+json, "
          + "application/strategic-merge-patch+json");
    };
  }

  private ObjectNode listOf(ResourceType type, List<ObjectNode> items, String revision) {
    ObjectNode list = json.createObjectNode().put("kind", type.kind() + "List").put("apiVersion", type.apiVersion());
    list.putObject("metadata").put("resourceVersion", revision);
    items.forEach(list.putArray("items")::add);
    return list;
  }

  private ObjectNode body(HttpExchange exchange) throws IOException {
    JsonNode body = json.readTree(exchange.getRequestBody());
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest("the request body must be a JSON object");
    }
    return (ObjectNode) body;
  }
}
