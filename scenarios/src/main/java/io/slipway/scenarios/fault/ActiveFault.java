package io.slipway.scenarios.fault;

import java.util.List;

/** A fault in effect: what it did, to which nodes, and how to undo it. */
public record ActiveFault(String step, String description, List<String> targets, Heal heal) {

  /** Undoes the fault and waits until the target is back (or says why it is not). */
  @FunctionalInterface
  public interface Heal {
    void run();
  }
}
