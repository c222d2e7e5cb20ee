package io.slipway.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.engine.event.EventJson;
import io.slipway.engine.event.EventSink;
import io.slipway.engine.exec.Change;
import io.slipway.engine.up.Up;
import io.slipway.engine.up.UpOptions;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Option;

/** How a command that runs a plan shows it: live on a terminal, plain lines elsewhere, or JSON. */
public final class ProgressOptions {

  /** The output formats of {@code --log-format}. */
  public enum Format { text, json }

  @Option(names = "--log-format", defaultValue = "text", paramLabel = "FORMAT",
      description = "text (a live display on a terminal, plain lines otherwise) or json (one event per line).")
  Format format;

  EventSink sink(PrintWriter out) {
    if (format == Format.json) {
      return new LineProgress(out, EventJson::line);
    }
    boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
    return terminal ? new LiveProgress(out) : new LineProgress(out, PlainProgress::line);
  }

  /** The closing words of a run: what changed (or that nothing did), and where the kubeconfig is. */
  void summary(PrintWriter out, Up.Result result, String headline, UpOptions options) {
    List<String> changes = result.changes().stream().map(Change::describe).toList();
    double seconds = result.outcome().took().toMillis() / 1000.0;
    if (format == Format.json) {
      ObjectNode summary = new ObjectMapper().createObjectNode().put("type", "summary").put("headline", headline)
          .put("steps", result.outcome().succeeded().size()).put("took_ms", result.outcome().took().toMillis())
          .put("kubeconfig", options.kubeconfigFile().toString());
      changes.forEach(summary.putArray("changes")::add);
      result.leftAsTheyWere().forEach(summary.putArray("left_as_they_were")::add);
      result.warnings().forEach(summary.putArray("warnings")::add);
      out.println(summary);
      out.flush();
      return;
    }
    if (changes.isEmpty()) {
      out.printf("%s: nothing to change (%d steps checked in %.1f s).%n", headline, result.outcome().succeeded().size(),
          seconds);
    } else {
      out.printf("%s: %d %s in %.1f s (%d steps):%n", headline, changes.size(), changes.size() == 1 ? "change"
          : "changes", seconds, result.outcome().succeeded().size());
      changes.stream().sorted().forEach(change -> out.println("  " + change));
    }
    result.leftAsTheyWere().forEach(node -> out.println("  node " + node + ": unreachable, left as it was"));
    result.warnings().forEach(warning -> out.println("warning: " + warning));
    out.println("kubeconfig: " + options.kubeconfigFile());
    out.flush();
  }
}
