package io.slipway.simulator.fleet;

import io.slipway.engine.SlipwayException;
import java.util.LinkedHashSet;
import java.util.Set;

/** A fleet could not be started, reached or changed; the message names the node. */
public class FleetException extends SlipwayException {
  private static final long serialVersionUID = 1L;

  public FleetException(String message) {
    super(message);
  }

  public FleetException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * {@code what} failed because of {@code cause}: the message carries every distinct message down
   * the cause chain, since a container start wraps the reason (a timeout, the node's own output)
   * two or three levels deep.
   */
  public static FleetException because(String what, Throwable cause) {
    Set<String> reasons = new LinkedHashSet<>();
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        reasons.add(t.getMessage());
      }
    }
    return new FleetException(what + ": " + String.join(": ", reasons), cause);
  }
}
