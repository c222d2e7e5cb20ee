package io.slipway.reports.history;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How a probe's operation ended, as Jepsen records it: {@code OK} it happened, {@code FAIL} it
 * certainly did not, {@code INDETERMINATE} it may or may not have (e.g. a write that timed out
 * after it was sent).
 */
public enum Outcome {
  OK, FAIL, INDETERMINATE;

  @JsonValue
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
