package io.slipway.simulator;

/** Receives one human-readable line per milestone of long work (image builds, fleet start). */
@FunctionalInterface
public interface Progress {

  void report(String line);

  /** {@code progress}, receiving one line at a time when lines come from several threads. */
  static Progress synchronizedOn(Progress progress) {
    Object lock = new Object();
    return line -> {
      synchronized (lock) {
        progress.report(line);
      }
    };
  }

  /** Drops every line; for callers that only want the result. */
  static Progress silent() {
    return line -> { };
  }
}
