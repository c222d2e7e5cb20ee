package io.slipway.simulator.fleet;

import io.slipway.engine.SlipwayException;

/** A fleet could not be started, reached or changed; the message names the node. */
public class FleetException extends SlipwayException {
  private static final long serialVersionUID = 1L;

  public FleetException(String message) {
    super(message);
  }

  public FleetException(String message, Throwable cause) {
    super(message, cause);
  }
}
