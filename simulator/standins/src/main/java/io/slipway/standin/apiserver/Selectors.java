package io.slipway.standin.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Label selectors ({@code a=b,c!=d,e,!f,g in (x,y),h notin (z)}) and field selectors
 * ({@code metadata.name=x,spec.nodeName=y}) as list and watch requests pass them.
 */
public final class Selectors {

  private static final Pattern SET = Pattern.compile("\\s*([^\\s!=]+)\\s+(in|notin)\\s+\\(([^)]*)\\)\\s*");

  private Selectors() {
  }

  /** Matches objects whose labels satisfy {@code selector}; everything when it is null or blank. */
  public static Predicate<JsonNode> labels(String selector) {
    if (selector == null || selector.isBlank()) {
      return o -> true;
    }
    List<Predicate<JsonNode>> terms = new ArrayList<>();
    for (String term : split(selector)) {
      Matcher set = SET.matcher(term);
      if (set.matches()) {
        String key = set.group(1);
        Set<String> values = Set.of(set.group(3).trim().split("\\s*,\\s*"));
        boolean in = set.group(2).equals("in");
        terms.add(o -> label(o, key) != null && values.contains(label(o, key)) == in
            || !in && label(o, key) == null);
      } else if (term.contains("!=")) {
        String[] kv = term.split("!=", 2);
        terms.add(o -> !kv[1].trim().equals(label(o, kv[0].trim())));
      } else if (term.contains("=")) {
        String[] kv = term.split("==?", 2);
        terms.add(o -> kv[1].trim().equals(label(o, kv[0].trim())));
      } else if (term.trim().startsWith("!")) {
        String key = term.trim().substring(1);
        terms.add(o -> label(o, key) == null);
      } else {
        String key = term.trim();
        terms.add(o -> label(o, key) != null);
      }
    }
    return o -> terms.stream().allMatch(t -> t.test(o));
  }

  /**
   * A {@code LabelSelector} object ({@code matchLabels} and {@code matchExpressions} with In,
   * NotIn, Exists, DoesNotExist) in the text form {@link #labels} reads.
   */
  public static String text(JsonNode selector) {
    List<String> terms = new ArrayList<>();
    selector.path("matchLabels").fields().forEachRemaining(e -> terms.add(e.getKey() + "=" + e.getValue().asText()));
    for (JsonNode expression : selector.path("matchExpressions")) {
      String key = expression.path("key").asText();
      List<String> values = new ArrayList<>();
      expression.path("values").forEach(v -> values.add(v.asText()));
      switch (expression.path("operator").asText()) {
        case "In" -> terms.add(key + " in (" + String.join(",", values) + ")");
        case "NotIn" -> terms.add(key + " notin (" + String.join(",", values) + ")");
        case "Exists" -> terms.add(key);
        case "DoesNotExist" -> terms.add("!" + key);
        default -> throw ApiException.badRequest("unknown label selector operator "
            + expression.path("operator").asText());
      }
    }
    return String.join(",", terms);
  }

  /** Whether {@code object} carries every label of {@code wanted} (a Service's selector, a nodeSelector). */
  public static boolean hasLabels(JsonNode wanted, JsonNode object) {
    JsonNode labels = object.path("metadata").path("labels");
    for (var it = wanted.fields(); it.hasNext(); ) {
      var term = it.next();
      if (!term.getValue().asText().equals(labels.path(term.getKey()).asText(null))) {
        return false;
      }
    }
    return true;
  }

  /** A PodDisruptionBudget's selector: as {@link #labels}, but an empty one selects nothing (policy/v1beta1). */
  public static boolean budgetSelects(JsonNode selector, JsonNode pod) {
    boolean empty = selector.path("matchLabels").isEmpty() && selector.path("matchExpressions").isEmpty();
    return !empty && labels(text(selector)).test(pod);
  }

  /** Matches objects whose fields (dotted paths) equal, or with {@code !=} differ from, the values given. */
  public static Predicate<JsonNode> fields(String selector) {
    if (selector == null || selector.isBlank()) {
      return o -> true;
    }
    List<Predicate<JsonNode>> terms = new ArrayList<>();
    for (String term : split(selector)) {
      boolean negated = term.contains("!=");
      String[] kv = term.split(negated ? "!=" : "==?", 2);
      if (kv.length != 2) {
        throw ApiException.badRequest("invalid field selector term \"" + term + "\"");
      }
      String path = "/" + kv[0].trim().replace('.', '/');
      String value = kv[1].trim();
      terms.add(o -> value.equals(o.at(path).asText("")) != negated);
    }
    return o -> terms.stream().allMatch(t -> t.test(o));
  }

  private static String label(JsonNode object, String key) {
    JsonNode value = object.path("metadata").path("labels").get(key);
    return value == null ? null : value.asText();
  }

  /** Splits on commas outside parentheses. */
  private static List<String> split(String selector) {
    List<String> terms = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      if (c == ',' && depth == 0) {
        terms.add(selector.substring(start, i));
        start = i + 1;
      }
    }
    terms.add(selector.substring(start));
    return terms.stream().filter(t -> !t.isBlank()).toList();
  }
}
