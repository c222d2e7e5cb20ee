package io.slipway.standin;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import picocli.CommandLine.Unmatched;

/**
 * Flags of the real component that the stand-in accepts but does not act on: they are logged
 * once at start, never fatal, so the engine can pass exactly what it passes to the real one.
 */
public abstract class ComponentFlags {

  @Unmatched
  protected List<String> ignored = new ArrayList<>();

  protected void logIgnored(Logger log) {
    if (!ignored.isEmpty()) {
      log.info("accepted and not acted on: {}", String.join(" ", ignored));
    }
  }
}
