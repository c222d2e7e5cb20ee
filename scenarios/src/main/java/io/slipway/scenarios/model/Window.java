package io.slipway.scenarios.model;

/**
 * Part of the recorded history a check looks at: from the start of step {@code from} (null: the
 * scenario's start) to the end of step {@code to} (null: now).
 */
public record Window(String from, String to) {

  public static final Window ALL = new Window(null, null);
}
