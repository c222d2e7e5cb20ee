package io.slipway.engine.cli;

import io.slipway.engine.event.Event;
import io.slipway.engine.event.EventSink;
import java.io.PrintWriter;
import java.util.function.Function;

/**
 * One line per event, as {@code format} writes it (null: nothing for that event): plain lines for
 * logs and pipes ({@link PlainProgress#line}), or {@code --log-format json}
 * ({@link io.slipway.engine.event.EventJson#line}).
 */
final class LineProgress implements EventSink {

  private final PrintWriter out;
  private final Function<Event, String> format;

  LineProgress(PrintWriter out, Function<Event, String> format) {
    this.out = out;
    this.format = format;
  }

  @Override
  public synchronized void accept(Event event) {
    String line = format.apply(event);
    if (line != null) {
      out.println(line);
      out.flush();
    }
  }
}
