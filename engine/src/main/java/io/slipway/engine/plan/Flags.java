package io.slipway.engine.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A component's command-line flags: RKE's computed values, KDM's service options, then the
 * user's {@code extra_args} on top (a later value replaces an earlier one of the same name).
 * Rendered sorted by name, as {@code --name=value}, so the same config always gives the same
 * command line. A flag may be left to each node ({@link #perNode}): the flags of a component
 * that every node runs are then worked out and rendered once per plan, as a {@link Template}.
 */
final class Flags {

  /** What a flag is set to. */
  private sealed interface Setting permits Fixed, PerNode {
  }

  private record Fixed(String value) implements Setting {
  }

  /** The node's own value; for a node that has none, {@code otherwise} (null: no flag). */
  private record PerNode(Fixed otherwise) implements Setting {
  }

  private final TreeMap<String, Setting> settings = new TreeMap<>();

  Flags set(String name, String value) {
    settings.put(name, new Fixed(value));
    return this;
  }

  /**
   * Sets {@code name} to each node's own value, given when the command is made ({@link
   * Template#of}); a node with no value of its own keeps what the flag was set to before.
   */
  Flags perNode(String name) {
    Setting before = settings.get(name);
    if (!(before instanceof PerNode)) {
      settings.put(name, new PerNode((Fixed) before));
    }
    return this;
  }

  /**
   * KDM's service options over the computed flags, as RKE lays them: a value replaces the
   * computed one, an empty value removes the flag.
   */
  Flags withServiceOptions(Map<String, String> options) {
    options.forEach((name, value) -> {
      if (value.isEmpty()) {
        settings.remove(name);
      } else {
        settings.put(name, new Fixed(value));
      }
    });
    return this;
  }

  Flags overrideWith(Map<String, String> extraArgs) {
    extraArgs.forEach(this::set);
    return this;
  }

  /** The flag name of a command-line argument ({@code --max-pods=110} gives {@code max-pods}); "" for a positional one. */
  static String nameOf(String arg) {
    if (!arg.startsWith("--")) {
      return "";
    }
    int equals = arg.indexOf('=');
    return equals < 0 ? arg.substring(2) : arg.substring(2, equals);
  }

  /** {@code head} (the program and its positional arguments), then the flags. */
  List<String> command(String... head) {
    return template(head).of(Map.of());
  }

  /** The command {@code head} then the flags, rendered but for the per-node flags. */
  Template template(String... head) {
    List<String> parts = new ArrayList<>(head.length + settings.size());
    List<String> perNode = new ArrayList<>(head.length + settings.size());
    for (String part : head) {
      parts.add(part);
      perNode.add(null);
    }
    settings.forEach((name, setting) -> {
      if (setting instanceof PerNode open) {
        parts.add(open.otherwise() == null ? null : render(name, open.otherwise().value()));
        perNode.add(name);
      } else {
        parts.add(render(name, ((Fixed) setting).value()));
        perNode.add(null);
      }
    });
    return new Template(parts.toArray(String[]::new), perNode.toArray(String[]::new));
  }

  private static String render(String name, String value) {
    return "--" + name + "=" + value;
  }

  /**
   * A command whose arguments are rendered once, but for the flags left to each node: {@link
   * #of} completes it for one node.
   */
  static final class Template {
    /** The arguments; at a per-node flag, what a node without a value of its own gets (null: nothing). */
    private final String[] parts;
    /** The names of the per-node flags, at their places; null elsewhere. */
    private final String[] perNode;

    private Template(String[] parts, String[] perNode) {
      this.parts = parts;
      this.perNode = perNode;
    }

    /** The command for a node whose own flag values are {@code values}, by flag name. */
    List<String> of(Map<String, String> values) {
      String[] command = new String[parts.length];
      int size = 0;
      for (int i = 0; i < parts.length; i++) {
        String own = perNode[i] == null ? null : values.get(perNode[i]);
        String part = own != null ? render(perNode[i], own) : parts[i];
        if (part != null) {
          command[size++] = part;
        }
      }
      return List.of(size == command.length ? command : Arrays.copyOf(command, size));
    }
  }
}
