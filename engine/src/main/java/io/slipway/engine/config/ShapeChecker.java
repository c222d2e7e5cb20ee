package io.slipway.engine.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a YAML tree against the shape of the config records before Jackson binds it, so that
 * every wrong type and unknown key is reported at once, each at its line and column. Knows
 * the types the records use: records, String, Integer, Boolean, List, Map and raw JsonNode.
 */
final class ShapeChecker {

  private final YamlSource source;
  private final Strictness strictness;
  private final List<Problem> problems;

  ShapeChecker(YamlSource source, Strictness strictness, List<Problem> problems) {
    this.source = source;
    this.strictness = strictness;
    this.problems = problems;
  }

  void check(JsonNode node, Type type, String path) {
    if (node == null || node.isNull() || node.isMissingNode() || type == JsonNode.class) {
      return;
    }
    if (type == String.class) {
      expect(node.isValueNode(), node, path, "a string");
    } else if (type == Integer.class) {
      expect(node.canConvertToInt() && node.isIntegralNumber() || node.isTextual() && node.asText().matches("-?\\d{1,9}"),
          node, path, "a whole number");
    } else if (type == Boolean.class) {
      expect(node.isBoolean() || node.isTextual() && node.asText().matches("true|false"), node, path, "true or false");
    } else if (type instanceof ParameterizedType generic && generic.getRawType() == List.class) {
      if (expect(node.isArray(), node, path, "a list")) {
        for (int i = 0; i < node.size(); i++) {
          check(node.get(i), generic.getActualTypeArguments()[0], YamlSource.child(path, i));
        }
      }
    } else if (type instanceof ParameterizedType generic && generic.getRawType() == Map.class) {
      if (expect(node.isObject(), node, path, "a mapping")) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> entry = it.next();
          check(entry.getValue(), generic.getActualTypeArguments()[1], YamlSource.child(path, entry.getKey()));
        }
      }
    } else if (type instanceof Class<?> record && record.isRecord()) {
      if (expect(node.isObject(), node, path, "a mapping")) {
        checkRecord(node, record, path);
      }
    } else {
      throw new IllegalStateException("ShapeChecker does not know type " + type + " at " + path);
    }
  }

  private void checkRecord(JsonNode node, Class<?> record, String path) {
    RecordComponent[] components = record.getRecordComponents();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String keyPath = YamlSource.child(path, entry.getKey());
      RecordComponent component = Arrays.stream(components).filter(c -> keyOf(c).equals(entry.getKey()))
          .findFirst().orElse(null);
      if (component == null) {
        unknownKey(entry.getKey(), keyPath, components);
      } else {
        check(entry.getValue(), component.getGenericType(), keyPath);
      }
    }
  }

  private void unknownKey(String key, String keyPath, RecordComponent[] components) {
    String hint = FieldReader.didYouMean(key, Arrays.stream(components).map(ShapeChecker::keyOf).toList());
    String message = "unknown key \"" + key + "\"" + hint;
    Location at = source.keyAt(keyPath);
    problems.add(strictness == Strictness.STRICT
        ? Problem.error(at, keyPath, message)
        : Problem.warning(at, keyPath, message + " (ignored; --strict makes this an error)"));
  }

  private boolean expect(boolean holds, JsonNode node, String path, String expected) {
    if (!holds) {
      problems.add(Problem.error(source.at(path), path, "expected " + expected + ", got " + describe(node)));
    }
    return holds;
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
    return (node.isTextual() ? "the string " : "") + "\"" + node.asText() + "\"";
  }
}
