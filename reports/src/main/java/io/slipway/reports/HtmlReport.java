package io.slipway.reports;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.reports.history.Entry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Renders a run folder into {@code report.html}: one self-contained page (CSS, the ECharts
 * library, the data and the drawing script all inline, nothing fetched when viewed) with the
 * verdict and facts of the run, the checks with their figures, a timeline lane per probe with
 * fault windows shaded and leader and readiness changes marked, and the executor's steps per
 * host as a Gantt chart for each {@code up}.
 */
public final class HtmlReport {

  private HtmlReport() {
  }

  /** Writes {@code report.html} into the run folder and returns its path. */
  public static Path render(Path runDirectory) {
    RunFolder run = RunFolder.read(runDirectory);
    Path out = runDirectory.resolve("report.html");
    try {
      Files.writeString(out, html(run), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out, e);
    }
    return out;
  }

  static String html(RunFolder run) {
    ObjectNode model = ReportModel.of(run);
    Entry.RunStarted start = run.start();
    String verdict = model.path("verdict").asText();
    StringBuilder page = new StringBuilder(1_200_000);
    page.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(escape(start.scenario())).append(": ").append(verdict.toUpperCase())
        .append("</title>\n<style>").append(resource("report.css")).append("</style></head>\n")
        .append("<body data-rendered=\"pending\">\n<header class=\"").append(escape(verdict)).append("\"><h1>")
        .append(escape(verdict.toUpperCase())).append(" · ").append(escape(start.scenario()))
        .append("</h1><div class=\"facts\">seed ").append(start.seed()).append(" · fleet ")
        .append(escape(start.fleet())).append(" · engine ").append(escape(start.engine()))
        .append(" · Docker ").append(escape(start.docker() == null ? "?" : start.docker())).append(" · started ")
        .append(escape(start.at().toString())).append(String.format(" · %.0f s", model.path("duration").asLong() / 1000.0))
        .append("</div></header>\n<main>\n");
    AuditTable.of(run.entries()).ifPresent(table -> audit(page, table));
    checks(page, run.of(Entry.Judged.class));
    if (!run.of(Entry.Sample.class).isEmpty()) {
      page.append("<section id=\"timeline\"><h2>Timeline</h2><p class=\"description\">One lane per probe: latency "
          + "of each operation (blue ok, red diamond failed, amber triangle indeterminate); shaded: faults; dashed: "
          + "lease and readiness changes.</p><div id=\"lanes\"></div></section>\n");
    }
    page.append("<section id=\"executor\"><h2>Executor</h2><div id=\"gantts\"></div></section>\n</main>\n")
        .append("<script>").append(library()).append("</script>\n")
        .append("<script>var RUN = ").append(model.toString().replace("</", "<\\/")).append(";</script>\n")
        .append("<script>").append(resource("report.js")).append("</script>\n</body></html>\n");
    return page.toString();
  }

  /** The fault-tolerance table first: what the topology should survive, what it did, and why. */
  private static void audit(StringBuilder page, AuditTable table) {
    Entry.Audit audit = table.audit();
    page.append("<section id=\"audit\"><h2>Fault tolerance of ").append(escape(audit.source()))
        .append("</h2><p class=\"description\">").append(escape(audit.topology())).append("</p>\n");
    if (audit.singlePoints().isEmpty()) {
      page.append("<p>No single point of failure found in the topology.</p>\n");
    } else {
      page.append("<p>Single points of failure:</p><ul class=\"spof\">");
      audit.singlePoints().forEach(s -> page.append("<li>").append(escape(s)).append("</li>"));
      page.append("</ul>\n");
    }
    page.append("<table class=\"audit\"><thead><tr><th>drill</th><th>expected, and why</th><th>observed</th>"
        + "<th>verdict</th></tr></thead><tbody>\n");
    for (AuditTable.Row row : table.rows()) {
      String outcome = row.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-');
      page.append("<tr data-outcome=\"").append(outcome).append("\"><td>").append(escape(row.title()))
          .append("</td><td><b>").append(escape(row.expectation())).append("</b>: ").append(escape(row.why()))
          .append("</td><td>").append(escape(row.observed())).append("</td><td class=\"outcome ").append(outcome)
          .append("\">").append(escape(row.outcome().text())).append("</td></tr>\n");
    }
    table.notRun().forEach(d -> page.append("<tr data-outcome=\"not-run\"><td>").append(escape(d))
        .append("</td><td></td><td>the audit stopped before it</td><td class=\"outcome failed\">not run</td></tr>\n"));
    page.append("</tbody></table>\n");
    if (!audit.addresses().isEmpty()) {
      page.append("<details><summary>Addresses: your file → the fleet (nothing is sent to an address of your file)"
          + "</summary><table><thead><tr><th>your file</th><th>fleet</th><th>what</th></tr></thead><tbody>");
      audit.addresses().forEach(a -> page.append("<tr><td>").append(escape(a.operator())).append("</td><td>")
          .append(escape(a.fleet())).append("</td><td>").append(escape(a.what())).append("</td></tr>"));
      page.append("</tbody></table></details>\n");
    }
    if (!audit.changes().isEmpty()) {
      page.append("<details><summary>How the cluster.yml deployed differs from yours</summary><table><thead><tr>"
          + "<th>key</th><th>yours</th><th>deployed</th><th>why</th></tr></thead><tbody>");
      audit.changes().forEach(c -> page.append("<tr><td><code>").append(escape(c.key())).append("</code></td><td>")
          .append(escape(c.from())).append("</td><td>").append(escape(c.to())).append("</td><td>")
          .append(escape(c.why())).append("</td></tr>"));
      page.append("</tbody></table></details>\n");
    }
    page.append("</section>\n");
  }

  private static void checks(StringBuilder page, List<Entry.Judged> checks) {
    page.append("<section id=\"checks\"><h2>Checks</h2><table><thead><tr><th>step</th><th>check</th><th>verdict</th>"
        + "<th>result</th><th>figures</th></tr></thead><tbody>\n");
    for (Entry.Judged check : checks) {
      String verdict = check.verdict().key();
      page.append("<tr data-verdict=\"").append(escape(verdict)).append("\"><td>").append(escape(check.step()))
          .append("</td><td>").append(escape(check.check())).append("</td><td class=\"verdict ")
          .append(escape(verdict)).append("\">").append(escape(verdict.toUpperCase())).append("</td><td>")
          .append(escape(check.summary())).append("</td><td><code>")
          .append(escape(String.valueOf(check.figures()))).append("</code></td></tr>\n");
    }
    page.append("</tbody></table></section>\n");
  }

  private static String library() {
    try {
      Properties properties = new Properties();
      try (InputStream in = HtmlReport.class.getResourceAsStream("reports.properties")) {
        properties.load(in);
      }
      String path = properties.getProperty("echarts");
      try (InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(path)) {
        if (in == null) {
          throw new IllegalStateException("ECharts is not on the classpath at " + path);
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("</script", "<\\/script");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String resource(String name) {
    try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
