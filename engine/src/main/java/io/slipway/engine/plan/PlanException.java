package io.slipway.engine.plan;

import io.slipway.engine.SlipwayException;

/** The change cluster.yml asks for cannot be made safely from the cluster as it stands. */
public final class PlanException extends SlipwayException {
  private static final long serialVersionUID = 1L;

  public PlanException(String message) {
    super(message);
  }
}
