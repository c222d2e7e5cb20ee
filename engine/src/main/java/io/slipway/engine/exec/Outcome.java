package io.slipway.engine.exec;

import io.slipway.engine.plan.StepId;
import java.time.Duration;
import java.util.List;

/** What a run did: steps that succeeded, failed and were skipped, and how long it took. */
public record Outcome(List<StepId> succeeded, List<StepFailure> failed, List<StepId> skipped, Duration took) {

  public boolean ok() {
    return failed.isEmpty() && skipped.isEmpty();
  }
}
