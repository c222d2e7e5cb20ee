package io.slipway.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * YAML text to a Jackson tree with the position of every key and value, through SnakeYAML's
 * composer: one document only; anchors, aliases and merge keys ({@code <<: *defaults})
 * expanded, within a bound that stops an alias bomb; a key repeated in one mapping is an error
 * at its second occurrence (YAML forbids it; silently taking the last value hides mistakes).
 * Scalars get YAML 1.1's types as RKE's Go parser does: plain decimal integers become numbers,
 * {@code true}/{@code false} booleans, {@code ~} and {@code null} nulls; every other scalar
 * stays text as written (so {@code yes} or {@code 0755} reach a string key unchanged).
 */
final class YamlTree {

  /** Aliased collections one file may use: far more than any real cluster.yml, far fewer than a bomb needs. */
  private static final int MAX_ALIASES = 200;
  /** Values an alias may expand to in all. */
  private static final int MAX_EXPANDED = 1_000_000;
  /** SnakeYAML scans one long line in time that grows with its square: 4 MiB take seconds, 20 MiB minutes. */
  static final int MAX_LINE = 256 << 10;
  private static final Pattern DECIMAL_INTEGER = Pattern.compile("[-+]?\\d+");
  private static final Resolver RESOLVER = new Resolver();
  private static final Set<Tag> RESOLVER_TAGS = Set.of(Tag.BOOL, Tag.INT, Tag.FLOAT, Tag.NULL, Tag.TIMESTAMP, Tag.MERGE);
  private static final Pattern DECIMAL_FRACTION = Pattern.compile("[-+]?(\\d+\\.\\d*|\\.\\d+)([eE][-+]?\\d{1,3})?");

  private final String file;
  private final YamlSource.Positions positions = new YamlSource.Positions();
  private final List<Problem> problems = new ArrayList<>();
  private final Set<Node> converted = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Without an anchor there is no alias, so nothing is reached twice and nothing needs tracking. */
  private final boolean anchors;
  private int expanded;

  private YamlTree(String file, boolean anchors) {
    this.file = file;
    this.anchors = anchors;
  }

  static YamlSource parse(String file, String text) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(InputText.MAX_BYTES);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setAllowRecursiveKeys(false);
    YamlTree tree = new YamlTree(file, text.indexOf('&') >= 0);
    refuseLongLines(file, text);
    ParserImpl parser = new ParserImpl(new StreamReader(new StringReader(text)), options);
    Composer documents = new Composer(parser, RESOLVER, options);
    try {
      Node document = documents.checkNode() ? documents.getNode() : null;
      if (document == null || document instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL)) {
        throw new ConfigException(List.of(Problem.error(new Location(file, 1, 1), "", "the file is empty")));
      }
      JsonNode root = tree.convert(document, "");
      if (documents.checkNode()) {
        Node second = documents.getNode();
        tree.problems.add(Problem.error(tree.location(second.getStartMark()), "",
            "a second YAML document starts here; the file must hold one document"));
      }
      return new YamlSource(file, root, tree.positions.values, tree.positions.keys, tree.problems);
    } catch (MarkedYAMLException e) {
      throw new ConfigException(List.of(Problem.error(tree.location(e.getProblemMark() != null ? e.getProblemMark()
          : e.getContextMark()), "", "invalid YAML: " + describe(e))));
    } catch (Unreadable e) {
      throw new ConfigException(List.of(Problem.error(e.at, e.path, e.getMessage())));
    } catch (ReaderException e) {
      throw new ConfigException(List.of(Problem.error(locate(file, text, e.getPosition()), "", "invalid YAML: the "
          + "character " + codePoint(e.getCodePoint()) + " is not allowed in YAML text; remove it")));
    } catch (YAMLException e) {
      // the composer's limits (nesting depth, aliases) carry no position: the parser is where it stopped
      throw new ConfigException(List.of(Problem.error(tree.location(stoppedAt(parser)), "",
          "invalid YAML: " + YamlSource.firstLine(e.getMessage()))));
    }
  }

  private static Mark stoppedAt(ParserImpl parser) {
    try {
      return parser.peekEvent().getStartMark();
    } catch (YAMLException e) {
      return null;
    }
  }

  /** Line and column (in code points, as SnakeYAML counts) of the code point at {@code position}. */
  private static Location locate(String file, String text, int position) {
    int line = 1;
    int column = 1;
    for (int i = 0, seen = 0; i < text.length() && seen < position; i += Character.charCount(text.codePointAt(i)), seen++) {
      if (text.charAt(i) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new Location(file, line, column);
  }

  private static String codePoint(int codePoint) {
    return String.format("U+%04X", codePoint);
  }

  private static void refuseLongLines(String file, String text) {
    int line = 1;
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == '\n') {
        if (i - start > MAX_LINE) {
          throw new ConfigException(List.of(Problem.error(new Location(file, line, 1), "", "line " + line + " is "
              + ((i - start) >> 10) + " KiB long; lines are read up to " + (MAX_LINE >> 10) + " KiB (write a long value "
              + "as a block scalar, key: |, over several lines)")));
        }
        line++;
        start = i + 1;
      }
    }
  }

  private JsonNode convert(Node node, String path) {
    if (anchors && !converted.add(node) && ++expanded > MAX_EXPANDED) {
      throw new Unreadable(location(node.getStartMark()), path, "aliases expand to more than " + MAX_EXPANDED
          + " values (an alias bomb?); write the values out or use fewer aliases");
    }
    positions.values.putIfAbsent(path, location(node.getStartMark()));
    refuseTag(node, path);
    if (node instanceof ScalarNode scalar) {
      refuseControls(scalar.getValue(), node.getStartMark(), path);
      return scalar(scalar);
    }
    if (anchors && !open.add(node)) {
      throw new Unreadable(location(node.getStartMark()), path, "an alias refers to a collection that contains it; "
          + "a recursive structure cannot be read");
    }
    try {
      if (node instanceof SequenceNode sequence) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
          array.add(convert(items.get(i), YamlSource.child(path, i)));
        }
        return array;
      }
      ObjectNode object = JsonNodeFactory.instance.objectNode();
      mapping((MappingNode) node, path, object);
      return object;
    } finally {
      if (anchors) {
        open.remove(node);
      }
    }
  }

  /** Explicit keys first, then the merged ones they do not override, earlier merges winning. */
  private void mapping(MappingNode node, String path, ObjectNode object) {
    Map<String, Mark> seen = new HashMap<>();
    List<Node> merges = new ArrayList<>();
    for (NodeTuple tuple : node.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (keyNode.getTag().equals(Tag.MERGE)) {
        merges.add(tuple.getValueNode());
        continue;
      }
      if (!(keyNode instanceof ScalarNode scalarKey)) {
        problems.add(Problem.error(location(keyNode.getStartMark()), path, "a key must be plain text, not a "
            + (keyNode instanceof SequenceNode ? "list" : "mapping")));
        continue;
      }
      String key = scalarKey.getValue();
      String keyPath = YamlSource.child(path, key);
      refuseControls(key, keyNode.getStartMark(), keyPath);
      Mark first = seen.putIfAbsent(key, keyNode.getStartMark());
      if (first != null) {
        problems.add(Problem.error(location(keyNode.getStartMark()), keyPath, "duplicate key \"" + key
            + "\"; it is already set at line " + (first.getLine() + 1) + ", column " + (first.getColumn() + 1)));
        continue;
      }
      positions.keys.putIfAbsent(keyPath, location(keyNode.getStartMark()));
      object.set(key, convert(tuple.getValueNode(), keyPath));
    }
    for (Node merge : merges) {
      List<Node> sources = merge instanceof SequenceNode list ? list.getValue() : List.of(merge);
      for (Node source : sources) {
        if (!(source instanceof MappingNode)) {
          problems.add(Problem.error(location(source.getStartMark()), path,
              "a merge key (<<) takes a mapping or a list of mappings"));
          continue;
        }
        JsonNode merged = convert(source, path);
        merged.fields().forEachRemaining(field -> {
          if (!object.has(field.getKey())) {
            object.set(field.getKey(), field.getValue());
          }
        });
      }
    }
  }

  /**
   * A tag the file wrote that YAML's own resolution would not give: {@code !!binary}, {@code !!set},
   * a local {@code !shell} or a global tag, or {@code !!int} on text. RKE's Go parser decodes
   * !!binary and refuses the rest; Slipway reads neither, so it says so.
   */
  private void refuseTag(Node node, String path) {
    Tag tag = node.getTag();
    boolean plain = node instanceof ScalarNode scalar
        ? tag.equals(Tag.STR) || tag.equals(RESOLVER.resolve(NodeId.scalar, scalar.getValue(), true))
        : tag.equals(node instanceof SequenceNode ? Tag.SEQ : Tag.MAP);
    if (!plain) {
      String written = tag.getValue().replaceFirst("^" + Pattern.quote(Tag.PREFIX), "!!");
      problems.add(Problem.error(location(node.getStartMark()), path, node instanceof ScalarNode scalar
          && tag.getValue().startsWith(Tag.PREFIX) && RESOLVER_TAGS.contains(tag)
          ? "\"" + scalar.getValue() + "\" is tagged " + written + " but is not such a value; remove the tag"
          : "the tag " + written + " is not read; remove it (a value is text, a number, true or false, a list or a mapping)"));
    }
  }

  /** A control character (from an escape such as "\x07" or "\0") has no place in a name, path or flag. */
  private void refuseControls(String text, Mark at, String path) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f) {
        problems.add(Problem.error(location(at), path, "holds the control character " + codePoint(c)
            + "; remove it (or the escape that wrote it)"));
        return;
      }
    }
  }

  private static JsonNode scalar(ScalarNode scalar) {
    String text = scalar.getValue();
    Tag tag = scalar.getTag();
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (tag.equals(Tag.NULL)) {
      return nodes.nullNode();
    }
    if (tag.equals(Tag.BOOL) && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
      return nodes.booleanNode(text.equalsIgnoreCase("true"));
    }
    if (tag.equals(Tag.INT) && DECIMAL_INTEGER.matcher(text).matches()) {
      BigInteger value = new BigInteger(text.startsWith("+") ? text.substring(1) : text);
      return value.bitLength() < 32 ? nodes.numberNode(value.intValue())
          : value.bitLength() < 64 ? nodes.numberNode(value.longValue()) : nodes.numberNode(value);
    }
    if (tag.equals(Tag.FLOAT) && DECIMAL_FRACTION.matcher(text).matches()) {
      return nodes.numberNode(new BigDecimal(text));
    }
    return nodes.textNode(text);
  }

  private Location location(Mark mark) {
    return mark == null ? new Location(file, 1, 1) : new Location(file, mark.getLine() + 1, mark.getColumn() + 1);
  }

  private static String describe(MarkedYAMLException e) {
    String problem = e.getProblem() != null ? e.getProblem() : YamlSource.firstLine(e.getMessage());
    Mark context = e.getContextMark();
    if (e.getContext() == null || context == null) {
      return problem;
    }
    return problem + " (" + e.getContext() + " at line " + (context.getLine() + 1) + ", column "
        + (context.getColumn() + 1) + ")";
  }

  /** The document cannot be turned into a tree (a bomb, a cycle): stops the parse at once. */
  private static final class Unreadable extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Location at;
    private final String path;

    Unreadable(Location at, String path, String message) {
      super(message, null, false, false);
      this.at = at;
      this.path = path;
    }
  }
}
