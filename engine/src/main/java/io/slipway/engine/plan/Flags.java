package io.slipway.engine.plan;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A component's command-line flags: RKE's computed values, then the user's {@code extra_args}
 * on top (an extra arg replaces the computed flag of the same name). Rendered sorted by name,
 * as {@code --name=value}, so the same config always gives the same command line.
 */
final class Flags {

  private final TreeMap<String, String> values = new TreeMap<>();

  Flags set(String name, String value) {
    values.put(name, value);
    return this;
  }

  /**
   * KDM's service options over the computed flags, as RKE lays them: a value replaces the
   * computed one, an empty value removes the flag.
   */
  Flags withServiceOptions(Map<String, String> options) {
    options.forEach((name, value) -> {
      if (value.isEmpty()) {
        values.remove(name);
      } else {
        values.put(name, value);
      }
    });
    return this;
  }

  Flags overrideWith(Map<String, String> extraArgs) {
    values.putAll(extraArgs);
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

  List<String> render() {
    return values.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toList();
  }
}
