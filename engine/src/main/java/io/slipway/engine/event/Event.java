package io.slipway.engine.event;

import io.slipway.engine.plan.Phase;
import io.slipway.engine.plan.StepId;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Something that happened while a plan ran, stamped with when it happened. */
public sealed interface Event {

  /**
   * What to do with each kind of {@code Event}: whoever interprets them implements this, so a new
   * kind does not compile until each interpreter handles it.
   *
   * @param <R> what each visit returns
   */
  interface Visitor<R> {
    R runStarted(RunStarted runStarted);

    R runFinished(RunFinished runFinished);

    R stepStarted(StepStarted stepStarted);

    R stepSucceeded(StepSucceeded stepSucceeded);

    R stepFailed(StepFailed stepFailed);

    R stepSkipped(StepSkipped stepSkipped);

    R stage(Stage stage);
  }

  <R> R accept(Visitor<R> visitor);

  Instant at();

  /** What happened to one step. */
  sealed interface StepEvent extends Event {
    StepId step();

    Phase phase();
  }

  /** The executor took a plan: how many steps it has, per phase and per host. */
  record RunStarted(int steps, Map<Phase, Integer> perPhase, Map<String, Integer> perHost, Instant at)
      implements Event {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.runStarted(this);
    }

    public RunStarted {
      perPhase = Map.copyOf(perPhase);
      perHost = Map.copyOf(perHost);
    }
  }

  /** The executor ended: how many steps succeeded, failed and were skipped. */
  record RunFinished(int succeeded, int failed, int skipped, Duration took, Instant at) implements Event {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.runFinished(this);
    }
  }

  /** A step began (attempt counts from 1). */
  record StepStarted(StepId step, Phase phase, int attempt, Instant at) implements StepEvent {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.stepStarted(this);
    }
  }

  /** A step succeeded after {@code took}. */
  record StepSucceeded(StepId step, Phase phase, int attempt, Duration took, Instant at) implements StepEvent {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.stepSucceeded(this);
    }
  }

  /** An attempt failed; {@code last} when no attempt is left. */
  record StepFailed(StepId step, Phase phase, int attempt, boolean last, String error, Instant at)
      implements StepEvent {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.stepFailed(this);
    }
  }

  /**
   * A stage of the run before its plan runs ended after {@code took}: the hosts connected, the
   * nodes checked, the hosts looked at, the certificates ready. Said so that a run on many or busy
   * hosts is not silent until its plan starts.
   */
  record Stage(String what, Duration took, Instant at) implements Event {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.stage(this);
    }
  }

  /** A step did not run because a step it waits for failed. */
  record StepSkipped(StepId step, Phase phase, StepId failedDependency, Instant at) implements StepEvent {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.stepSkipped(this);
    }
  }
}
