package io.slipway.standin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** Whether a pod spec's tolerations tolerate a node's taint, by key, value (Equal or Exists) and effect. */
public final class Tolerations {

  private Tolerations() {
  }

  public static boolean tolerate(JsonNode podSpec, JsonNode taint) {
    return toleration(podSpec, taint).isPresent();
  }

  /** The first of the pod spec's tolerations that tolerates {@code taint}. */
  public static Optional<JsonNode> toleration(JsonNode podSpec, JsonNode taint) {
    for (JsonNode t : podSpec.path("tolerations")) {
      boolean keyMatches = t.path("key").asText("").isEmpty() && t.path("operator").asText("").equals("Exists")
          || t.path("key").asText("").equals(taint.path("key").asText());
      boolean valueMatches = t.path("operator").asText("Equal").equals("Exists")
          || t.path("value").asText("").equals(taint.path("value").asText(""));
      boolean effectMatches = t.path("effect").asText("").isEmpty() || t.path("effect").asText().equals(taint.path("effect").asText());
      if (keyMatches && valueMatches && effectMatches) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
