package io.slipway.engine.cli;

import io.slipway.engine.event.Event;
import io.slipway.engine.event.EventJson;
import io.slipway.engine.event.EventSink;
import java.io.PrintWriter;

/** {@code --log-format json}: every event as one JSON object per line (see {@link EventJson}). */
final class JsonProgress implements EventSink {

  private final PrintWriter out;

  JsonProgress(PrintWriter out) {
    this.out = out;
  }

  @Override
  public synchronized void accept(Event event) {
    out.println(EventJson.line(event));
    out.flush();
  }
}
