package io.slipway.engine.event;

import io.slipway.engine.plan.Phase;
import io.slipway.engine.plan.StepId;
import java.time.Duration;
import java.time.Instant;

/** Something that happened to a step of a plan, stamped with when it happened. */
public sealed interface Event {

  StepId step();

  Instant at();

  /** A step began (attempt counts from 1). */
  record StepStarted(StepId step, Phase phase, int attempt, Instant at) implements Event {
  }

  /** A step succeeded after {@code took}. */
  record StepSucceeded(StepId step, Phase phase, int attempt, Duration took, Instant at) implements Event {
  }

  /** An attempt failed; {@code final} when no attempt is left. */
  record StepFailed(StepId step, Phase phase, int attempt, boolean last, String error, Instant at) implements Event {
  }

  /** A step did not run because a step it waits for failed. */
  record StepSkipped(StepId step, Phase phase, StepId failedDependency, Instant at) implements Event {
  }
}
