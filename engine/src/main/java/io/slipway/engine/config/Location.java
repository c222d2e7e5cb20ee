package io.slipway.engine.config;

/** A position in a named input file; line and column are 1-based, 0 when unknown. */
public record Location(String file, int line, int column) {

  public static Location startOf(String file) {
    return new Location(file, 0, 0);
  }
}
