package io.slipway.engine.cli;

import io.slipway.engine.event.Event;
import io.slipway.engine.event.EventSink;
import io.slipway.engine.plan.Phase;
import io.slipway.engine.plan.StepId;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The live display on a terminal: a bar per phase and the step each busy host is on, redrawn in
 * place (ANSI cursor movement) as events arrive; failures and skips stay above it as lines.
 */
final class LiveProgress implements EventSink {

  private static final int BAR = 24;
  private static final int MAX_HOST_LINES = 12;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintWriter out;
  private final Map<Phase, Integer> total = new EnumMap<>(Phase.class);
  private final Map<Phase, Integer> done = new EnumMap<>(Phase.class);
  private final Map<String, StepId> running = new TreeMap<>();
  private int drawnLines;
  private long lastDraw;
  private long started;

  LiveProgress(PrintWriter out) {
    this.out = out;
  }

  @Override
  public synchronized void accept(Event event) {
    boolean force = event.accept(new Event.Visitor<Boolean>() {
      @Override
      public Boolean runStarted(Event.RunStarted run) {
        total.putAll(run.perPhase());
        started = System.nanoTime();
        return false;
      }

      @Override
      public Boolean runFinished(Event.RunFinished finished) {
        return true;
      }

      @Override
      public Boolean stepStarted(Event.StepStarted step) {
        running.put(step.step().host(), step.step());
        return false;
      }

      @Override
      public Boolean stepSucceeded(Event.StepSucceeded step) {
        running.remove(step.step().host(), step.step());
        done.merge(step.phase(), 1, Integer::sum);
        return false;
      }

      @Override
      public Boolean stepFailed(Event.StepFailed failed) {
        return ended(failed, failed.last());
      }

      @Override
      public Boolean stepSkipped(Event.StepSkipped skipped) {
        return ended(skipped, true);
      }

      @Override
      public Boolean stage(Event.Stage stage) {
        erase();
        out.println(PlainProgress.line(stage));
        return false;
      }
    });
    long now = System.nanoTime();
    if (started != 0 && (force || now - lastDraw >= REDRAW_NANOS)) {  // nothing to draw before the run starts
      erase();
      draw(now);
      lastDraw = now;
    }
    out.flush();
  }

  /** A step failed or was skipped: its line stays above the display; {@code counted} when it is done for good. */
  private boolean ended(Event.StepEvent step, boolean counted) {
    running.remove(step.step().host(), step.step());
    if (counted) {
      done.merge(step.phase(), 1, Integer::sum);
    }
    erase();
    out.println(PlainProgress.line(step));
    return true;
  }

  private void erase() {
    if (drawnLines > 0) {
      out.print("\u001b[" + drawnLines + "F\u001b[J");  // to the start of the block, clear to the end
      drawnLines = 0;
    }
  }

  private void draw(long now) {
    for (Map.Entry<Phase, Integer> phase : total.entrySet()) {
      int n = done.getOrDefault(phase.getKey(), 0);
      int filled = phase.getValue() == 0 ? BAR : n * BAR / phase.getValue();
      line(String.format("%-13s [%s%s] %3d/%d", phase.getKey().label(), "#".repeat(filled), ".".repeat(BAR - filled),
          n, phase.getValue()));
    }
    int shown = 0;
    for (Map.Entry<String, StepId> host : running.entrySet()) {
      if (shown++ == MAX_HOST_LINES) {
        line(String.format("  … and %d more hosts busy", running.size() - MAX_HOST_LINES));
        break;
      }
      line(String.format("  %-20s %s", host.getKey(), host.getValue().name()));
    }
    line(String.format("%.1f s", (now - started) / 1e9));
  }

  private void line(String text) {
    out.println(text);
    drawnLines++;
  }
}
