package io.slipway.engine.event;

/** Receives events; must be safe to call from several threads at once. */
@FunctionalInterface
public interface EventSink {

  void accept(Event event);

  static EventSink none() {
    return event -> { };
  }
}
