package io.slipway.engine.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go-style durations as Kubernetes flags take them: {@code 40s}, {@code 5m0s}, {@code 1h30m}, {@code 500ms}. */
public final class Durations {

  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

  private Durations() {
  }

  public static Duration parse(String text) {
    Matcher m = PART.matcher(text.trim());
    long millis = 0;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        break;
      }
      double value = Double.parseDouble(m.group(1));
      millis += (long) (value * switch (m.group(2)) {
        case "ms" -> 1;
        case "s" -> 1000;
        case "m" -> 60_000;
        default -> 3_600_000;
      });
      end = m.end();
    }
    if (end == 0 || end != text.trim().length()) {
      throw new IllegalArgumentException("\"" + text + "\" is not a duration such as 40s or 5m0s");
    }
    return Duration.ofMillis(millis);
  }
}
