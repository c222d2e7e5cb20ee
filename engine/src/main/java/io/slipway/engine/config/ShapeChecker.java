package io.slipway.engine.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a YAML tree against the shape of the config records and returns the tree Jackson can
 * bind: every wrong type, out-of-range number, empty list item and unknown key is reported at
 * once at its line and column, and left out of the returned tree so that the semantic checks
 * can still run on the rest. Reads values as RKE's Go parser does: an empty string for a
 * record's key is the key left out (RKE then fills in its default), {@code yes}/{@code no}/
 * {@code on}/{@code off} are booleans, a null value in a string map is the empty string.
 * Knows the types the records use: records, String, Integer (0 or more), Boolean, List, Map and
 * raw JsonNode (an RKE structure kept as written: a mapping, as the Go struct it is in RKE).
 */
final class ShapeChecker {

  private static final Set<String> TRUE = Set.of("true", "yes", "on", "y");
  private static final Set<String> FALSE = Set.of("false", "no", "off", "n");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** The keys of each config record, read once by reflection. */
  private static final Map<Class<?>, Map<String, Key>> KEYS = new ConcurrentHashMap<>();

  private final YamlSource source;
  private final Strictness strictness;
  private final List<Problem> problems;
  private final List<String> refused = new ArrayList<>();

  ShapeChecker(YamlSource source, Strictness strictness, List<Problem> problems) {
    this.source = source;
    this.strictness = strictness;
    this.problems = problems;
  }

  /** The paths whose values were refused; problems found later under them only repeat these. */
  List<String> refused() {
    return List.copyOf(refused);
  }

  /** {@code node} as {@code type} binds it, or null when nothing of it can be bound. */
  JsonNode check(JsonNode node, Type type, String path) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return node == null || node.isMissingNode() ? null : node;
    }
    if (type == JsonNode.class) {
      return expect(node.isObject(), node, path, "a mapping") ? node : null;
    }
    if (type == String.class) {
      return expect(node.isValueNode(), node, path, "a string") ? NODES.textNode(node.asText()) : null;
    }
    if (type == Integer.class) {
      return wholeNumber(node, path);
    }
    if (type == Boolean.class) {
      String text = node.asText().toLowerCase(Locale.ROOT);
      boolean known = node.isValueNode() && (TRUE.contains(text) || FALSE.contains(text));
      return expect(known, node, path, "true or false") ? NODES.booleanNode(TRUE.contains(text)) : null;
    }
    if (type instanceof ParameterizedType generic && generic.getRawType() == List.class) {
      return expect(node.isArray(), node, path, "a list") ? list(node, generic.getActualTypeArguments()[0], path) : null;
    }
    if (type instanceof ParameterizedType generic && generic.getRawType() == Map.class) {
      return expect(node.isObject(), node, path, "a mapping") ? map(node, generic.getActualTypeArguments()[1], path) : null;
    }
    if (type instanceof Class<?> record && record.isRecord()) {
      return expect(node.isObject(), node, path, "a mapping") ? record(node, record, path) : null;
    }
    throw new IllegalStateException("ShapeChecker does not know type " + type + " at " + path);
  }

  private JsonNode wholeNumber(JsonNode node, String path) {
    boolean integral = node.isIntegralNumber() || node.isTextual() && node.asText().trim().matches("[-+]?\\d+");
    if (!expect(integral, node, path, "a whole number")) {
      return null;
    }
    String digits = node.asText().trim();
    if (digits.replaceFirst("^[-+]?0*", "").length() > 10 || Math.abs(Long.parseLong(digits)) > Integer.MAX_VALUE) {
      refuse(path, digits + " is out of range (at most " + Integer.MAX_VALUE + ")");
      return null;
    }
    int value = Integer.parseInt(digits.startsWith("+") ? digits.substring(1) : digits);
    if (value < 0) {  // every count, port, size and timeout of RKE's is 0 (its default) or more
      refuse(path, digits + " is negative; expected 0 or more");
      return null;
    }
    return NODES.numberNode(value);
  }

  private ArrayNode list(JsonNode node, Type item, String path) {
    ArrayNode clean = NODES.arrayNode();
    for (int i = 0; i < node.size(); i++) {
      String itemPath = YamlSource.child(path, i);
      if (node.get(i).isNull()) {
        refuse(itemPath, "an empty list item (a \"-\" with nothing after it); remove it or give it a value");
        clean.addNull();  // keeps the indices of the items after it
      } else {
        JsonNode value = check(node.get(i), item, itemPath);
        clean.add(value == null ? NODES.nullNode() : value);
      }
    }
    return clean;
  }

  private ObjectNode map(JsonNode node, Type value, String path) {
    ObjectNode clean = NODES.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (entry.getValue().isNull() && value == String.class) {
        clean.put(entry.getKey(), "");  // as Go reads "key:" into a map of strings
        continue;
      }
      JsonNode checked = check(entry.getValue(), value, YamlSource.child(path, entry.getKey()));
      if (checked != null) {
        clean.set(entry.getKey(), checked);
      }
    }
    return clean;
  }

  private ObjectNode record(JsonNode node, Class<?> record, String path) {
    Map<String, Key> keys = KEYS.computeIfAbsent(record, ShapeChecker::keysOf);
    ObjectNode clean = NODES.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String keyPath = YamlSource.child(path, entry.getKey());
      Key key = keys.get(entry.getKey());
      JsonNode value = entry.getValue();
      if (key == null) {
        unknownKey(entry.getKey(), keyPath, keys.keySet());
      } else if (!isEmpty(value)) {  // RKE cannot tell "" or {} from a key left out, nor can we
        JsonNode checked = check(value, key.type(), keyPath);
        if (checked != null) {
          clean.set(entry.getKey(), checked);
          if (key.notActedOn() != null && isSet(checked)) {
            problems.add(Problem.warning(source.keyAt(keyPath), keyPath, "accepted but not acted on: "
                + key.notActedOn()));
          }
        }
      }
    }
    return clean;
  }

  /** A record component as cluster.yml spells it, with its type and its not-acted-on note (or null). */
  private record Key(Type type, String notActedOn) {
  }

  private static Map<String, Key> keysOf(Class<?> record) {
    Map<String, Key> keys = new LinkedHashMap<>();
    for (RecordComponent component : record.getRecordComponents()) {
      NotActedOn note = component.getAccessor().getAnnotation(NotActedOn.class);
      keys.put(keyOf(component), new Key(component.getGenericType(), note == null ? null : note.value()));
    }
    return Collections.unmodifiableMap(keys);
  }

  /**
   * Whether a value asks for anything: not Go's zero value (false, 0, "", empty), nor a section
   * whose provider or plugin is {@code none} (which asks for nothing, and gets it).
   */
  private static boolean isSet(JsonNode value) {
    if (value.isObject()) {
      if ("none".equals(value.path("provider").asText(null)) || "none".equals(value.path("plugin").asText(null))) {
        return false;
      }
      for (JsonNode field : value) {
        if (isSet(field)) {
          return true;
        }
      }
      return false;
    }
    if (value.isArray()) {
      return !value.isEmpty();
    }
    return !(value.isNull() || value.isBoolean() && !value.asBoolean() || value.isNumber() && value.asDouble() == 0
        || value.asText().isEmpty());
  }

  private static boolean isEmpty(JsonNode value) {
    return value.isNull() || value.isTextual() && value.asText().isEmpty() || value.isContainerNode() && value.isEmpty();
  }

  private void unknownKey(String key, String keyPath, Set<String> known) {
    String hint = FieldReader.didYouMean(key, known);
    String message = "unknown key \"" + key + "\"" + hint;
    Location at = source.keyAt(keyPath);
    problems.add(strictness == Strictness.STRICT
        ? Problem.error(at, keyPath, message)
        : Problem.warning(at, keyPath, message + " (ignored; --strict makes this an error)"));
  }

  private boolean expect(boolean holds, JsonNode node, String path, String expected) {
    if (!holds) {
      refuse(path, "expected " + expected + ", got " + describe(node));
    }
    return holds;
  }

  private void refuse(String path, String message) {
    refused.add(path);
    problems.add(Problem.error(source.at(path), path, message));
  }

  static String keyOf(RecordComponent component) {
    // @JsonProperty does not target record components; javac puts it on the accessor (and field).
    JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
    return property != null ? property.value() : component.getName();
  }

  private static String describe(JsonNode node) {
    if (node.isObject()) {
      return "a mapping";
    }
    if (node.isArray()) {
      return "a list";
    }
    String text = node.asText();
    String shown = text.length() > 60 ? text.substring(0, 60) + "…" : text;
    return (node.isTextual() ? "the string " : "") + "\"" + shown + "\"";
  }
}
