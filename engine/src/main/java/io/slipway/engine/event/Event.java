package io.slipway.engine.event;

import io.slipway.engine.plan.Phase;
import io.slipway.engine.plan.StepId;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Something that happened while a plan ran, stamped with when it happened. */
public sealed interface Event {

  Instant at();

  /** What happened to one step. */
  sealed interface StepEvent extends Event {
    StepId step();

    Phase phase();
  }

  /** The executor took a plan: how many steps it has, per phase and per host. */
  record RunStarted(int steps, Map<Phase, Integer> perPhase, Map<String, Integer> perHost, Instant at)
      implements Event {
    public RunStarted {
      perPhase = Map.copyOf(perPhase);
      perHost = Map.copyOf(perHost);
    }
  }

  /** The executor ended: how many steps succeeded, failed and were skipped. */
  record RunFinished(int succeeded, int failed, int skipped, Duration took, Instant at) implements Event {
  }

  /** A step began (attempt counts from 1). */
  record StepStarted(StepId step, Phase phase, int attempt, Instant at) implements StepEvent {
  }

  /** A step succeeded after {@code took}. */
  record StepSucceeded(StepId step, Phase phase, int attempt, Duration took, Instant at) implements StepEvent {
  }

  /** An attempt failed; {@code last} when no attempt is left. */
  record StepFailed(StepId step, Phase phase, int attempt, boolean last, String error, Instant at)
      implements StepEvent {
  }

  /** A step did not run because a step it waits for failed. */
  record StepSkipped(StepId step, Phase phase, StepId failedDependency, Instant at) implements StepEvent {
  }
}
