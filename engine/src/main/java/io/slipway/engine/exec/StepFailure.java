package io.slipway.engine.exec;

import io.slipway.engine.plan.StepId;

/** A step that failed for good: its host and name, how many attempts it had, and why. */
public record StepFailure(StepId step, int attempts, String cause) {

  @Override
  public String toString() {
    return "host " + step.host() + ", step " + step.name() + " (attempt " + attempts + "): " + cause;
  }
}
