package io.slipway.scenarios.check;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.reports.history.Entry;
import io.slipway.scenarios.check.linear.CasHistory;
import io.slipway.scenarios.check.linear.Linearizability;
import io.slipway.scenarios.check.linear.Operation;
import io.slipway.scenarios.check.linear.Verdict;
import io.slipway.scenarios.model.CheckSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The {@code linearizable} check: the api_cas operations invoked in the window linearize against a
 * compare-and-set register ({@link Linearizability}). A failure names the shortest window found
 * that does not, operation by operation; a search that reached its bound is unknown.
 */
final class LinearizableCheck {

  private LinearizableCheck() {
  }

  /** {@code samples} of the whole run (the operations around the window decide where it can be cut). */
  static Judgement judge(CheckSpec.Linearizable check, List<Entry.Sample> samples, Instant from, Instant to) {
    CasHistory history = CasHistory.of(samples);
    List<Operation> inWindow = history.operations().stream()
        .filter(o -> !o.invoked().isBefore(from) && !o.invoked().isAfter(to)).toList();
    long determinate = inWindow.stream().filter(o -> !o.indeterminate()).count();
    long indeterminate = inWindow.size() - determinate;
    long writes = inWindow.stream().filter(o -> o.kind() == Operation.Kind.CAS && !o.indeterminate()).count();
    int clients = (int) inWindow.stream().mapToInt(Operation::client).distinct().count();
    if (determinate < 5) {
      return Judgement.unknown("only " + determinate + " answered " + check.probe().key()
          + " operations in the window");
    }
    long started = System.nanoTime();
    Verdict verdict = Linearizability.check(history.operations(), from, to, check.maxSteps());
    long ms = Duration.ofNanos(System.nanoTime() - started).toMillis();
    ObjectNode figures = JsonNodeFactory.instance.objectNode().put("operations", inWindow.size())
        .put("acknowledged_cas", writes).put("indeterminate", indeterminate).put("clients", clients)
        .put("steps", verdict.steps()).put("max_steps", check.maxSteps()).put("search_ms", ms);
    String judged = String.format("%d operations of %d clients (%d acknowledged cas, %d indeterminate)",
        inWindow.size(), clients, writes, indeterminate);
    if (verdict instanceof Verdict.Linearizable) {
      return Judgement.pass(check.probe().key() + " linearizable: " + judged + ", in " + verdict.steps()
          + " search steps", figures);
    }
    if (verdict instanceof Verdict.Exhausted exhausted) {
      return new Judgement(io.slipway.reports.history.Verdict.UNKNOWN, check.probe().key() + ": the search for a "
          + "linearization reached its bound of " + exhausted.maxSteps() + " steps over " + exhausted.operations()
          + " operations, undecided; raise max_steps", figures.put("bound_reached", true));
    }
    Verdict.NotLinearizable failed = (Verdict.NotLinearizable) verdict;
    figures.put("window_from", failed.from().toString()).put("window_to", failed.to().toString());
    ArrayNode window = figures.putArray("window");
    List<Operation> ops = failed.window().stream().sorted(Comparator.comparing(Operation::invoked)).toList();
    StringBuilder text = new StringBuilder();
    for (Operation o : ops) {
      ObjectNode op = window.addObject().put("client", o.client()).put("op", o.kind() == Operation.Kind.READ ? "read"
          : "cas").put("invoked", o.invoked().toString());
      if (o.kind() == Operation.Kind.CAS) {
        op.put("expected", o.expected() == Operation.ABSENT ? null : o.expected());
      }
      op.put("value", o.value() == Operation.ABSENT ? null : o.value());
      op.put("completed", o.indeterminate() ? null : o.completed().toString());
      text.append(text.length() == 0 ? "" : "; ").append(o.describe()).append(" [+")
          .append(Duration.between(failed.from(), o.invoked()).toMillis()).append(" ms, ")
          .append(o.indeterminate() ? "∞" : "+" + Duration.between(failed.from(), o.completed()).toMillis() + " ms")
          .append("]");
    }
    TreeSet<Integer> who = new TreeSet<>();
    ops.forEach(o -> who.add(o.client()));
    return Judgement.fail(String.format("%s not linearizable: no order of the %d operations from %s to %s (%d ms, "
        + "clients %s) obeys the register: %s; judged %s", check.probe().key(), ops.size(), failed.from(), failed.to(),
        Duration.between(failed.from(), failed.to()).toMillis(), who, text, judged), figures);
  }
}
