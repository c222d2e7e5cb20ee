package io.slipway.engine.cli;

import io.slipway.engine.event.Event;

/** The plain line of each event for logs and pipes: phase, host, step and what happened. */
final class PlainProgress {

  private PlainProgress() {
  }

  /** The plain line for an event, or null for events a reader of logs does not need (a step starting, the run's end). */
  static String line(Event event) {
    return event.accept(new Event.Visitor<String>() {
      @Override
      public String runStarted(Event.RunStarted started) {
        return String.format("plan: %d steps on %d hosts", started.steps(), started.perHost().size());
      }

      @Override
      public String runFinished(Event.RunFinished finished) {
        return null;  // the command's summary says how it ended
      }

      @Override
      public String stepStarted(Event.StepStarted started) {
        return null;
      }

      @Override
      public String stepSucceeded(Event.StepSucceeded done) {
        return String.format("[%s] %s: %s ok (%.1f s)", done.phase().label(), done.step().host(), done.step().name(),
            done.took().toMillis() / 1000.0);
      }

      @Override
      public String stepFailed(Event.StepFailed failed) {
        return String.format("[%s] %s: %s FAILED (attempt %d%s): %s", failed.phase().label(), failed.step().host(),
            failed.step().name(), failed.attempt(), failed.last() ? ", giving up" : ", retrying", failed.error());
      }

      @Override
      public String stepSkipped(Event.StepSkipped skipped) {
        return String.format("[%s] %s: %s skipped (waits for failed %s)", skipped.phase().label(),
            skipped.step().host(), skipped.step().name(), skipped.failedDependency());
      }

      @Override
      public String stage(Event.Stage stage) {
        return String.format("%s (%.1f s)", stage.what(), stage.took().toMillis() / 1000.0);
      }
    });
  }
}
