package io.slipway.standin.apiserver;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The patch types the apiserver accepts: JSON merge patch (RFC 7386), strategic merge patch
 * for the lists kubectl and kubelets touch (merged by their Kubernetes merge keys), and JSON
 * patch (RFC 6902: add, remove, replace, test, copy, move).
 */
public final class Patches {

  /** List fields that strategic merge patch merges by key instead of replacing, with their key. */
  private static final Map<String, String> MERGE_KEYS = Map.of(
      "conditions", "type", "addresses", "type", "containers", "name", "initContainers", "name",
      "volumes", "name", "env", "name", "ports", "containerPort", "containerStatuses", "name",
      "ownerReferences", "uid", "taints", "key");

  private Patches() {
  }

  public static JsonNode mergePatch(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result = target != null && target.isObject() ? (ObjectNode) target
        : JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getValue().isNull()) {
        result.remove(field.getKey());
      } else {
        result.set(field.getKey(), mergePatch(result.get(field.getKey()), field.getValue()));
      }
    }
    return result;
  }

  public static JsonNode strategicMergePatch(JsonNode target, JsonNode patch) {
    if (!patch.isObject() || target == null || !target.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result = (ObjectNode) target;
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (name.startsWith("$")) {
        continue;  // directives such as $setElementOrder: ordering is not kept
      }
      if (value.isNull()) {
        result.remove(name);
      } else if (value.isArray() && MERGE_KEYS.containsKey(name) && result.path(name).isArray()) {
        result.set(name, mergeList((ArrayNode) result.get(name), (ArrayNode) value, MERGE_KEYS.get(name)));
      } else {
        result.set(name, strategicMergePatch(result.get(name), value));
      }
    }
    return result;
  }

  private static ArrayNode mergeList(ArrayNode current, ArrayNode patch, String key) {
    ArrayNode result = current.deepCopy();
    for (JsonNode item : patch) {
      String id = item.path(key).asText();
      boolean delete = "delete".equals(item.path("$patch").asText());
      int found = -1;
      for (int i = 0; i < result.size(); i++) {
        if (result.get(i).path(key).asText().equals(id)) {
          found = i;
        }
      }
      if (delete) {
        if (found >= 0) {
          result.remove(found);
        }
      } else if (found >= 0) {
        result.set(found, strategicMergePatch(result.get(found), item));
      } else {
        result.add(item.deepCopy());
      }
    }
    return result;
  }

  public static JsonNode jsonPatch(JsonNode target, JsonNode operations) {
    JsonNode document = target.deepCopy();
    for (JsonNode op : operations) {
      String kind = op.path("op").asText();
      JsonPointer path = JsonPointer.compile(op.path("path").asText());
      switch (kind) {
        case "add" -> document = add(document, path, op.path("value").deepCopy());
        case "remove" -> remove(document, path);
        case "replace" -> {
          remove(document, path);
          document = add(document, path, op.path("value").deepCopy());
        }
        case "test" -> {
          if (!document.at(path).equals(op.path("value"))) {
            throw new ApiException(422, "Invalid", "JSON patch test failed at " + path);
          }
        }
        case "copy", "move" -> {
          JsonPointer from = JsonPointer.compile(op.path("from").asText());
          JsonNode value = document.at(from).deepCopy();
          if (kind.equals("move")) {
            remove(document, from);
          }
          document = add(document, path, value);
        }
        default -> throw ApiException.badRequest("unknown JSON patch operation \"" + kind + "\"");
      }
    }
    return document;
  }

  private static JsonNode add(JsonNode document, JsonPointer path, JsonNode value) {
    if (path.matches()) {
      return value;
    }
    JsonNode parent = document.at(path.head());
    String last = path.last().getMatchingProperty();
    if (parent.isObject()) {
      ((ObjectNode) parent).set(last, value);
    } else if (parent.isArray()) {
      ArrayNode array = (ArrayNode) parent;
      if (last.equals("-")) {
        array.add(value);
      } else {
        array.insert(Integer.parseInt(last), value);
      }
    } else {
      throw new ApiException(422, "Invalid", "JSON patch: no parent at " + path.head());
    }
    return document;
  }

  private static void remove(JsonNode document, JsonPointer path) {
    JsonNode parent = document.at(path.head());
    String last = path.last().getMatchingProperty();
    if (parent.isObject() && parent.has(last)) {
      ((ObjectNode) parent).remove(last);
    } else if (parent.isArray() && last.matches("\\d+") && Integer.parseInt(last) < parent.size()) {
      ((ArrayNode) parent).remove(Integer.parseInt(last));
    } else {
      throw new ApiException(422, "Invalid", "JSON patch: nothing at " + path);
    }
  }
}
