package io.slipway.reports;

import io.slipway.reports.history.Entry;
import io.slipway.reports.history.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The fault-tolerance table of an audit run, read from its history: one row per drill with what
 * the topology should do under it and why, what was observed (the drill's checks), and the
 * verdict. A drill the topology cannot survive whose outage was seen is an expected outage, not
 * a failure; only a result other than the expected one is {@link Outcome#FAILED} or
 * {@link Outcome#INCONCLUSIVE}.
 */
public record AuditTable(Entry.Audit audit, List<Row> rows, List<String> notRun) {

  /** A drill's verdict as the table says it. */
  public enum Outcome {
    SURVIVES("survives"), EXPECTED_OUTAGE("expected outage"), REFUSED("refused, as it should"), FAILED("FAILED"),
    INCONCLUSIVE("inconclusive");

    private final String text;

    Outcome(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }

    /** Whether this is what the topology was expected to do. */
    public boolean expected() {
      return this == SURVIVES || this == EXPECTED_OUTAGE || this == REFUSED;
    }
  }

  /** One drill: its step id, title, expectation and reason, its checks in order, and the outcome. */
  public record Row(String drill, String title, Entry.Expected expected, String why, List<Entry.Judged> checks) {

    public Row {
      checks = List.copyOf(checks);
    }

    public Outcome outcome() {
      List<Verdict> verdicts = checks.stream().map(Entry.Judged::verdict).toList();
      if (verdicts.contains(Verdict.FAIL)) {
        return Outcome.FAILED;
      }
      if (verdicts.isEmpty() || verdicts.contains(Verdict.UNKNOWN)) {
        return Outcome.INCONCLUSIVE;
      }
      return switch (expected) {
        case SURVIVES -> Outcome.SURVIVES;
        case OUTAGE -> Outcome.EXPECTED_OUTAGE;
        case REFUSED -> Outcome.REFUSED;
      };
    }

    /** What the checks saw, in their own words: gaps, failed operations, writes lost, leader moves. */
    public String observed() {
      return checks.stream().map(c -> (c.verdict() == Verdict.PASS ? "" : c.verdict().key().toUpperCase() + ": ")
          + c.summary()).collect(Collectors.joining("; "));
    }

    /** The expectation as the table says it. */
    public String expectation() {
      return expected.key();
    }
  }

  /** The table of {@code history}, or empty when the run was no audit. */
  public static Optional<AuditTable> of(List<Entry> history) {
    Entry.Audit audit = null;
    List<Row> rows = new ArrayList<>();
    Entry.DrillStarted drill = null;
    List<Entry.Judged> checks = new ArrayList<>();
    for (Entry entry : history) {
      if (entry instanceof Entry.Audit a) {
        audit = a;
      } else if (entry instanceof Entry.DrillStarted d) {
        if (drill != null) {
          rows.add(row(drill, checks));
        }
        drill = d;
        checks = new ArrayList<>();
      } else if (entry instanceof Entry.Judged judged && drill != null) {
        checks.add(judged);
      }
    }
    if (audit == null) {
      return Optional.empty();
    }
    if (drill != null) {
      rows.add(row(drill, checks));
    }
    List<String> started = rows.stream().map(Row::drill).toList();
    List<String> notRun = audit.drills().stream().filter(d -> !started.contains(d)).toList();
    return Optional.of(new AuditTable(audit, rows, notRun));
  }

  /** How many drills did not do what the topology should: failed, inconclusive, or not run. */
  public long unexpected() {
    return rows.stream().filter(r -> !r.outcome().expected()).count() + notRun.size();
  }

  private static Row row(Entry.DrillStarted drill, List<Entry.Judged> checks) {
    return new Row(drill.step(), drill.title(), drill.expected(), drill.why(), checks);
  }

  /** The table as Markdown: single points of failure first, then a row per drill. */
  public String markdown() {
    StringBuilder md = new StringBuilder("## Fault tolerance of ").append(audit.source()).append("\n\n");
    md.append(audit.topology()).append("\n\n");
    if (audit.singlePoints().isEmpty()) {
      md.append("No single point of failure found in the topology.\n\n");
    } else {
      md.append("Single points of failure:\n\n");
      audit.singlePoints().forEach(s -> md.append("- ").append(s).append('\n'));
      md.append('\n');
    }
    md.append("| drill | expected, and why | observed | verdict |\n|---|---|---|---|\n");
    for (Row row : rows) {
      md.append("| ").append(cell(row.title())).append(" | ").append(row.expectation()).append(": ")
          .append(cell(row.why())).append(" | ").append(cell(row.observed())).append(" | **")
          .append(row.outcome().text()).append("** |\n");
    }
    notRun.forEach(d -> md.append("| ").append(cell(d)).append(" | | not run: the audit stopped before it | **not run** |\n"));
    md.append('\n');
    if (!audit.addresses().isEmpty()) {
      md.append("Addresses (your file → the fleet; nothing is ever sent to an address of your file):\n\n")
          .append("| your file | fleet | what |\n|---|---|---|\n");
      audit.addresses().forEach(a -> md.append("| ").append(a.operator()).append(" | ").append(a.fleet()).append(" | ")
          .append(a.what()).append(" |\n"));
      md.append('\n');
    }
    if (!audit.changes().isEmpty()) {
      md.append("The cluster.yml deployed differs from yours only in:\n\n| key | yours | deployed | why |\n|---|---|---|---|\n");
      audit.changes().forEach(c -> md.append("| ").append(c.key()).append(" | ").append(cell(c.from())).append(" | ")
          .append(cell(c.to())).append(" | ").append(cell(c.why())).append(" |\n"));
      md.append('\n');
    }
    return md.toString();
  }

  private static String cell(String text) {
    return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
  }
}
