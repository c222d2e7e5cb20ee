package io.slipway.engine.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed YAML file that remembers where each key and value was written, so that any later
 * check can report {@code file:line:column key.path}. Paths look like {@code nodes[2].role[0]}.
 */
public final class YamlSource {

  private static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory())
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final String file;
  private final JsonNode root;
  private final Map<String, Location> values;
  private final Map<String, Location> keys;

  private YamlSource(String file, JsonNode root, Map<String, Location> values, Map<String, Location> keys) {
    this.file = file;
    this.root = root;
    this.values = values;
    this.keys = keys;
  }

  /** Reads and parses a file; a missing file or bad syntax is a {@link ConfigException}. */
  public static YamlSource read(Path path) {
    String name = path.toString();
    try {
      return parse(name, Files.readString(path));
    } catch (NoSuchFileException e) {
      throw new ConfigException(List.of(Problem.error(Location.startOf(name), "", "file not found")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }

  /** Parses YAML text; bad syntax or an empty document is a {@link ConfigException}. */
  public static YamlSource parse(String file, String text) {
    Map<String, Location> values = new HashMap<>();
    Map<String, Location> keys = new HashMap<>();
    try (JsonParser parser = MAPPER.getFactory().createParser(text)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        Location at = locationOf(file, parser.currentTokenLocation());
        if (token == JsonToken.FIELD_NAME) {
          keys.putIfAbsent(pathOf(parser.getParsingContext()), at);
        } else if (token != JsonToken.END_OBJECT && token != JsonToken.END_ARRAY) {
          values.putIfAbsent(valuePath(parser.getParsingContext(), token), at);
        }
      }
      JsonNode root = MAPPER.readTree(text);
      if (root == null || root.isMissingNode() || root.isNull()) {
        throw new ConfigException(List.of(Problem.error(new Location(file, 1, 1), "", "the file is empty")));
      }
      return new YamlSource(file, root, values, keys);
    } catch (JsonProcessingException e) {
      Location at = e.getLocation() == null ? Location.startOf(file) : locationOf(file, e.getLocation());
      throw new ConfigException(List.of(Problem.error(at, "", "invalid YAML: " + firstLine(e.getOriginalMessage()))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String file() {
    return file;
  }

  public JsonNode root() {
    return root;
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

  /**
   * Binds the whole document to {@code type} with Jackson. A value of the wrong type is a
   * {@link ConfigException} located at that value.
   */
  public <T> T bind(Class<T> type) {
    try {
      return MAPPER.treeToValue(root, type);
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

  private static String pathOf(List<JsonMappingException.Reference> references) {
    String path = "";
    for (JsonMappingException.Reference ref : references) {
      path = ref.getFieldName() != null ? child(path, ref.getFieldName()) : child(path, ref.getIndex());
    }
    return path;
  }

  private static String valuePath(JsonStreamContext context, JsonToken token) {
    // For START_OBJECT/START_ARRAY the parser has already entered the new context.
    boolean opensContainer = token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY;
    return pathOf(opensContainer ? context.getParent() : context);
  }

  private static String pathOf(JsonStreamContext context) {
    if (context == null || context.inRoot()) {
      return "";
    }
    String parent = pathOf(context.getParent());
    if (context.inArray()) {
      return child(parent, Math.max(context.getCurrentIndex(), 0));
    }
    return context.getCurrentName() == null ? parent : child(parent, context.getCurrentName());
  }

  private static List<String> split(String path) {
    return List.of(path.replace("[", ".[").split("\\.")).stream().filter(s -> !s.isEmpty()).toList();
  }

  private static String parent(String path) {
    int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    return cut < 0 ? "" : path.substring(0, cut);
  }

  private static Location locationOf(String file, JsonLocation location) {
    return new Location(file, location.getLineNr(), location.getColumnNr());
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable value";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).trim();
  }
}
