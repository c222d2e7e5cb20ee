package io.slipway.simulator.fleet;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import org.testcontainers.containers.output.OutputFrame;

/** The last lines a container printed, kept while it runs, for an error about it. */
final class LastLines implements Consumer<OutputFrame> {

  private final int limit;
  private final Deque<String> lines = new ArrayDeque<>();

  LastLines(int limit) {
    this.limit = limit;
  }

  @Override
  public synchronized void accept(OutputFrame frame) {
    if (frame.getType() == OutputFrame.OutputType.END) {
      return;
    }
    frame.getUtf8StringWithoutLineEnding().lines().forEach(line -> {
      if (lines.size() == limit) {
        lines.removeFirst();
      }
      lines.addLast(line);
    });
  }

  synchronized String text() {
    return lines.isEmpty() ? "(nothing)" : String.join("\n", lines);
  }
}
