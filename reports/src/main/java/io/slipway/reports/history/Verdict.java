package io.slipway.reports.history;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collection;
import java.util.Locale;

/** A check's result. {@code UNKNOWN} (too little evidence) never counts as a pass. */
public enum Verdict {
  PASS, FAIL, UNKNOWN;

  @JsonValue
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The verdict of a run: pass only when every check passed. */
  public static Verdict of(Collection<Verdict> verdicts) {
    if (verdicts.contains(FAIL)) {
      return FAIL;
    }
    return verdicts.contains(UNKNOWN) || verdicts.isEmpty() ? UNKNOWN : PASS;
  }
}
