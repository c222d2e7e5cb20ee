package io.slipway.scenarios.run;

import io.slipway.engine.AtomicFiles;
import io.slipway.reports.AuditTable;
import io.slipway.reports.history.Entry;
import io.slipway.reports.history.Verdict;
import io.slipway.scenarios.model.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The run folder's reports besides the history: {@code junit.xml} (one test case per check, so
 * CI shows them; unknown is reported as a failure, never as a pass) and {@code summary.md}
 * (for an audit its fault-tolerance table first, then the verdict per check with its figures).
 */
final class RunReports {

  private RunReports() {
  }

  static void write(Path runDir, Scenario scenario, Verdict verdict, List<Entry> history, Duration took) {
    List<Entry.Judged> checks = history.stream().filter(Entry.Judged.class::isInstance).map(Entry.Judged.class::cast)
        .toList();
    AtomicFiles.write(runDir.resolve("junit.xml"), junit(scenario, checks, took), "rw-r--r--");
    AtomicFiles.write(runDir.resolve("summary.md"), summary(scenario, verdict, AuditTable.of(history), checks, took),
        "rw-r--r--");
  }

  static String junit(Scenario scenario, List<Entry.Judged> checks, Duration took) {
    long failures = checks.stream().filter(c -> c.verdict() != Verdict.PASS).count();
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.append(String.format("<testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"0\" "
        + "time=\"%.3f\">%n", xml(scenario.name()), checks.size(), failures, took.toMillis() / 1000.0));
    for (Entry.Judged check : checks) {
      xml.append(String.format("  <testcase classname=\"%s\" name=\"%s\">%n", xml(scenario.name()),
          xml(check.step() + ": " + check.check())));
      if (check.verdict() != Verdict.PASS) {
        xml.append(String.format("    <failure message=\"%s\" type=\"%s\">%s</failure>%n", xml(check.summary()),
            check.verdict().key(), xml(check.figures().toString())));
      } else {
        xml.append(String.format("    <system-out>%s</system-out>%n", xml(check.summary())));
      }
      xml.append("  </testcase>\n");
    }
    return xml.append("</testsuite>\n").toString();
  }

  static String summary(Scenario scenario, Verdict verdict, Optional<AuditTable> audit, List<Entry.Judged> checks,
      Duration took) {
    StringBuilder md = new StringBuilder();
    md.append("# ").append(scenario.name()).append(": ").append(verdict.key().toUpperCase()).append("\n\n");
    if (!scenario.description().isBlank()) {
      md.append(scenario.description().strip()).append("\n\n");
    }
    audit.ifPresent(table -> md.append(table.markdown()).append("## Every check\n\n"));
    md.append(String.format("Seed %d, %.0f s, %d checks.%n%n", scenario.seed(), took.toMillis() / 1000.0, checks.size()));
    md.append("| step | check | verdict | result |\n|---|---|---|---|\n");
    for (Entry.Judged check : checks) {
      md.append("| ").append(check.step()).append(" | ").append(check.check()).append(" | ")
          .append(check.verdict().key().toUpperCase()).append(" | ").append(check.summary().replace("|", "\\|")
              .replace("\n", " ")).append(" |\n");
    }
    return md.toString();
  }

  private static String xml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
