package io.slipway.engine.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed YAML file that remembers where each key and value was written, so that any later
 * check can report {@code file:line:column key.path}. Paths look like {@code nodes[2].role[0]}.
 * Reading is {@link InputText}'s (regular files, size cap, strict UTF-8); parsing is
 * {@link YamlTree}'s (one document, aliases and merge keys expanded, duplicate keys refused).
 */
public final class YamlSource {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final String file;
  private final JsonNode root;
  private final Map<String, Location> values;
  private final Map<String, Location> keys;
  private final List<Problem> problems;

  YamlSource(String file, JsonNode root, Map<String, Location> values, Map<String, Location> keys,
      List<Problem> problems) {
    this.file = file;
    this.root = root;
    this.values = values;
    this.keys = keys;
    this.problems = List.copyOf(problems);
  }

  /** Reads and parses a file; a file that cannot be read or parsed is a {@link ConfigException}. */
  public static YamlSource read(Path path) {
    return parse(path.toString(), InputText.read(path));
  }

  /** Parses YAML text; bad syntax or an empty document is a {@link ConfigException}. */
  public static YamlSource parse(String file, String text) {
    return YamlTree.parse(file, text);
  }

  public String file() {
    return file;
  }

  public JsonNode root() {
    return root;
  }

  /**
   * Problems the parse found but could go on after (a duplicate key, a recursive alias): each
   * loader reports them together with its own.
   */
  public List<Problem> problems() {
    return problems;
  }

  /** The node at {@code path}, or a missing node. */
  public JsonNode node(String path) {
    JsonNode node = root;
    for (String part : split(path)) {
      node = part.startsWith("[") ? node.path(Integer.parseInt(part.substring(1, part.length() - 1))) : node.path(part);
    }
    return node == null ? MissingNode.getInstance() : node;
  }

  /** Where the value at {@code path} starts; falls back to its nearest located parent. */
  public Location at(String path) {
    for (String p = path; ; p = parent(p)) {
      Location at = values.get(p);
      if (at != null) {
        return at;
      }
      if (p.isEmpty()) {
        return new Location(file, 1, 1);
      }
    }
  }

  /** Where the key of {@code path} is written; falls back to {@link #at(String)}. */
  public Location keyAt(String path) {
    Location at = keys.get(path);
    return at != null ? at : at(path);
  }

  /** Binds the whole document to {@code type} with Jackson; see {@link #bind(JsonNode, Class)}. */
  public <T> T bind(Class<T> type) {
    return bind(root, type);
  }

  /**
   * Binds {@code tree} (this document, or a checked copy of it) to {@code type}. A value of the
   * wrong type is a {@link ConfigException} located at that value.
   */
  public <T> T bind(JsonNode tree, Class<T> type) {
    try {
      return MAPPER.treeToValue(tree, type);
    } catch (JsonMappingException e) {
      String path = pathOf(e.getPath());
      throw new ConfigException(List.of(Problem.error(at(path), path, firstLine(e.getOriginalMessage()))));
    } catch (JsonProcessingException e) {
      throw new ConfigException(List.of(Problem.error(at(""), "", firstLine(e.getOriginalMessage()))));
    }
  }

  /** Joins a parent path and a child key or index, e.g. {@code child("nodes", 2)} = {@code nodes[2]}. */
  public static String child(String parent, Object keyOrIndex) {
    if (keyOrIndex instanceof Integer index) {
      return parent + "[" + index + "]";
    }
    return parent.isEmpty() ? keyOrIndex.toString() : parent + "." + keyOrIndex;
  }

  /** Whether {@code path} is {@code ancestor} or lies under it. */
  public static boolean isWithin(String path, String ancestor) {
    if (ancestor.isEmpty() || path.equals(ancestor)) {
      return true;
    }
    return path.startsWith(ancestor) && (path.charAt(ancestor.length()) == '.' || path.charAt(ancestor.length()) == '[');
  }

  private static String pathOf(List<JsonMappingException.Reference> references) {
    String path = "";
    for (JsonMappingException.Reference ref : references) {
      path = ref.getFieldName() != null ? child(path, ref.getFieldName()) : child(path, ref.getIndex());
    }
    return path;
  }

  private static List<String> split(String path) {
    List<String> parts = new ArrayList<>();
    for (String part : path.replace("[", ".[").split("\\.")) {
      if (!part.isEmpty()) {
        parts.add(part);
      }
    }
    return parts;
  }

  private static String parent(String path) {
    int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    return cut < 0 ? "" : path.substring(0, cut);
  }

  static String firstLine(String message) {
    if (message == null) {
      return "unreadable value";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).trim();
  }

  /** Location maps under construction, for {@link YamlTree}. */
  static final class Positions {
    final Map<String, Location> values = new HashMap<>();
    final Map<String, Location> keys = new HashMap<>();
  }
}
