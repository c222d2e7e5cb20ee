package io.slipway.engine.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the system addons' manifests, kept as YAML beside this class ({@code addons/NAME.yaml}):
 * our own writing of the objects RKE's template for the addon holds, its settings as
 * {@code ${name}} placeholders. A value that is a placeholder and nothing else takes the value's
 * own shape (a number, a list, an object), and is left out, key and all, when the value is null;
 * a placeholder inside longer text is replaced by the value's text. Every placeholder must be
 * given: a missing one is a mistake in the code, not in cluster.yml.
 */
final class ManifestTemplate {

  private static final YAMLMapper YAML = YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)  // "9153" stays a string for kubectl
      // a Map.of iterates in an order each JVM picks anew: sorted, a manifest is the same in every run
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");
  private static final Map<String, List<ObjectNode>> LOADED = new HashMap<>();

  private final Map<String, JsonNode> values = new HashMap<>();
  private final String name;

  private ManifestTemplate(String name) {
    this.name = name;
  }

  /** The template {@code addons/NAME.yaml}. */
  static ManifestTemplate of(String name) {
    return new ManifestTemplate(name);
  }

  /** Gives {@code placeholder} a value: a string, number, boolean, {@link JsonNode}, list or map; null leaves it out. */
  ManifestTemplate with(String placeholder, Object value) {
    values.put(placeholder, value == null ? null : YAML.valueToTree(value));
    return this;
  }

  /** The objects, in the template's order, their placeholders filled. */
  List<ObjectNode> objects() {
    List<ObjectNode> objects = new ArrayList<>();
    for (ObjectNode document : documents(name)) {
      objects.add((ObjectNode) fill(document.deepCopy()));
    }
    return objects;
  }

  /** {@code value} (maps, lists, strings, numbers) as a tree. */
  static JsonNode tree(Object value) {
    return YAML.valueToTree(value);
  }

  /** {@code objects} as one multi-document YAML manifest. */
  static String yaml(List<ObjectNode> objects) {
    StringBuilder yaml = new StringBuilder();
    for (ObjectNode object : objects) {
      try {
        yaml.append(yaml.length() == 0 ? "" : "---\n").append(YAML.writeValueAsString(object));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a manifest always serializes", e);
      }
    }
    return yaml.toString();
  }

  private JsonNode fill(JsonNode node) {
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      List<String> absent = new ArrayList<>();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        JsonNode filled = fill(field.getValue());
        if (filled == null) {
          absent.add(field.getKey());
        } else {
          field.setValue(filled);
        }
      }
      absent.forEach(((ObjectNode) node)::remove);
      return node;
    }
    if (node.isArray()) {
      ArrayNode filled = JsonNodeFactory.instance.arrayNode();
      node.forEach(item -> {
        JsonNode value = fill(item);
        if (value != null) {
          filled.add(value);
        }
      });
      return filled;
    }
    if (!node.isTextual()) {
      return node;
    }
    String text = node.asText();
    Matcher whole = PLACEHOLDER.matcher(text);
    if (whole.matches()) {
      JsonNode value = value(whole.group(1));
      return value == null ? null : value.deepCopy();
    }
    Matcher inside = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (inside.find()) {
      JsonNode value = value(inside.group(1));
      inside.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value.isTextual() ? value.asText()
          : value.toString()));
    }
    inside.appendTail(out);
    return TextNode.valueOf(out.toString());
  }

  private JsonNode value(String placeholder) {
    if (!values.containsKey(placeholder)) {
      throw new IllegalStateException("addons/" + name + ".yaml: no value given for ${" + placeholder + "}");
    }
    return values.get(placeholder);
  }

  private static synchronized List<ObjectNode> documents(String name) {
    return LOADED.computeIfAbsent(name, n -> {
      String resource = "addons/" + n + ".yaml";
      try (InputStream in = ManifestTemplate.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("no template " + resource + " beside " + ManifestTemplate.class.getName());
        }
        List<ObjectNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(in)) {
          while (it.hasNext()) {
            JsonNode document = it.next();
            if (document != null && document.isObject()) {
              documents.add((ObjectNode) document);
            }
          }
        }
        return List.copyOf(documents);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + resource, e);
      }
    });
  }
}
