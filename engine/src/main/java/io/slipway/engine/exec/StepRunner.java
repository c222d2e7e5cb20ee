package io.slipway.engine.exec;

import io.slipway.engine.plan.Step;

/** Carries out one step (the only code that touches a host); throws when the step failed. */
@FunctionalInterface
public interface StepRunner {

  void run(Step step) throws Exception;
}
