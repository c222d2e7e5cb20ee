package io.slipway.simulator;

/** Receives one human-readable line per milestone of long work (image builds, fleet start). */
@FunctionalInterface
public interface Progress {

  void report(String line);

  /** Drops every line; for callers that only want the result. */
  static Progress silent() {
    return line -> { };
  }
}
