package io.slipway.engine.config;

/** What an unknown key in an input file is: a warning (RKE files load unchanged) or an error. */
public enum Strictness {
  LENIENT, STRICT
}
