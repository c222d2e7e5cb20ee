package io.slipway.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a YAML file's values field by field, recording every problem with its line, column and
 * key path instead of stopping at the first: what the fleet and scenario loaders share with the
 * cluster.yml checks (the same locations, the same "did you mean" for a mistyped key). A value
 * that cannot be read comes back null (or empty) and the caller goes on, so one run finds them all.
 */
public final class FieldReader {

  private final YamlSource source;
  private final List<Problem> problems = new ArrayList<>();

  public FieldReader(YamlSource source) {
    this.source = source;
    problems.addAll(source.problems());  // a duplicate key or a second document, found while parsing
  }

  public YamlSource source() {
    return source;
  }

  /** Every problem found so far, in the order found. */
  public List<Problem> problems() {
    return List.copyOf(problems);
  }

  public boolean ok() {
    return problems.stream().noneMatch(Problem::isError);
  }

  public void error(String path, String message) {
    problems.add(Problem.error(source.at(path), path, message));
  }

  /** A problem found by the caller, e.g. an unknown step kind at a key's own location. */
  public void add(Problem problem) {
    problems.add(problem);
  }

  /** Every key of {@code node} not in {@code known} is an error at that key. */
  public void unknownKeys(JsonNode node, String path, Set<String> known) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        String keyPath = YamlSource.child(path, key);
        problems.add(Problem.error(source.keyAt(keyPath), keyPath, unknownKey(key, known)));
      }
    }
  }

  /** {@code unknown key "nmae"; did you mean name?}, or the keys expected when none is close. */
  public static String unknownKey(String key, Collection<String> known) {
    String hint = didYouMean(key, known);
    return "unknown key \"" + key + "\"" + (hint.isEmpty()
        ? "; expected one of " + String.join(", ", known.stream().sorted().toList()) : hint);
  }

  /** {@code ; did you mean name?} when one of {@code known} is close to {@code key}, else "". */
  static String didYouMean(String key, Collection<String> known) {
    String closest = known.stream().min(Comparator.comparingInt(candidate -> distance(candidate, key))).orElse("");
    return !closest.isEmpty() && distance(closest, key) <= Math.max(2, key.length() / 3)
        ? "; did you mean " + closest + "?" : "";
  }

  /** A non-blank string; "" (and an error saying what was {@code expected}) otherwise. */
  public String text(JsonNode node, String path, String expected) {
    if (node == null || !node.isTextual() || node.asText().isBlank()) {
      error(path, "expected " + expected);
      return "";
    }
    return node.asText();
  }

  /**
   * {@code parse} of the value, or null with an error naming what was {@code expected} when the
   * value is absent or {@code parse} refuses it (with an {@link IllegalArgumentException}).
   */
  public <T> T convert(JsonNode node, String path, Function<JsonNode, T> parse, String expected) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      error(path, "expected " + expected);
      return null;
    }
    try {
      return parse.apply(node);
    } catch (IllegalArgumentException e) {
      error(path, "\"" + node.asText() + "\" is not " + expected);
      return null;
    }
  }

  /** A Go-style duration ({@code 500ms}, {@code 15s}, {@code 2m}). */
  public Duration duration(JsonNode node, String path) {
    return convert(node, path, n -> Durations.parse(n.asText()), "a duration such as 500ms, 15s or 2m");
  }

  /** A whole number of at least {@code least}. */
  public Integer wholeNumber(JsonNode node, String path, int least) {
    return convert(node, path, v -> {
      if (!v.canConvertToInt() || v.asInt() < least) {
        throw new IllegalArgumentException();
      }
      return v.asInt();
    }, "a whole number of at least " + least);
  }

  /** A number between 0 and 1. */
  public Double fraction(JsonNode node, String path) {
    return convert(node, path, v -> {
      if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > 1) {
        throw new IllegalArgumentException();
      }
      return v.asDouble();
    }, "a fraction between 0 and 1, e.g. 0.99");
  }

  /** A non-empty list of names. */
  public List<String> names(JsonNode node, String path) {
    if (node == null || !node.isArray() || node.isEmpty()) {
      error(path, "expected a non-empty list");
      return List.of();
    }
    List<String> names = new ArrayList<>();
    node.forEach(n -> names.add(n.asText()));
    return names;
  }

  /** The one key of {@code choices} that {@code body} has; null, with an error, when it has none or several. */
  public String onlyOne(JsonNode body, Set<String> choices, String path) {
    List<String> present = choices.stream().filter(body::has).sorted().toList();
    if (present.size() != 1) {
      error(path, (present.isEmpty() ? "needs one of " : "takes only one of ") + String.join(", ",
          choices.stream().sorted().toList()) + (present.isEmpty() ? "" : "; found " + String.join(", ", present)));
      return null;
    }
    return present.get(0);
  }

  /** Levenshtein distance, to suggest the key that was probably meant. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
