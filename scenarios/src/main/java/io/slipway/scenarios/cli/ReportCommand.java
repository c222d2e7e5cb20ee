package io.slipway.scenarios.cli;

import io.slipway.engine.cli.ExitCode;
import io.slipway.reports.HtmlReport;
import io.slipway.reports.RunFolder;
import io.slipway.scenarios.check.Rejudge;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code slipway report DIR...}: (re-)renders the report.html of run folders; with
 * {@code --rejudge}, judges each run's checks again from its stored history alone and says
 * whether every verdict is the same (exit 1 when one differs).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Render a rehearsal run folder's history into a self-contained report.html.",
        "With --rejudge: judge every check again from the stored history alone, offline, and compare the verdicts "
            + "(exit 1 when one differs)."})
public final class ReportCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "DIR", arity = "1..*", description = "Run folders (each holds a history.jsonl).")
  List<Path> directories;

  @Option(names = "--rejudge", description = "Judge the checks again from the history instead of rendering the report.")
  boolean rejudge;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    boolean allSame = true;
    for (Path directory : directories) {
      if (!rejudge) {
        out.println(HtmlReport.render(directory));
        continue;
      }
      List<Rejudge.Row> rows = Rejudge.of(RunFolder.read(directory));
      out.println(directory + ":");
      int width = rows.stream().mapToInt(row -> row.check().length()).max().orElse(0);
      for (Rejudge.Row row : rows) {
        out.printf("  %-14s %-" + width + "s  %-8s %s%n", row.step(), row.check(), row.recorded().key(), row.again()
            .map(j -> (row.same() ? "same: " : "DIFFERS, now " + j.verdict().key() + ": ") + j.summary())
            .orElse("judged live; kept as recorded"));
      }
      long rejudged = rows.stream().filter(r -> r.again().isPresent()).count();
      long differ = rows.stream().filter(r -> !r.same()).count();
      out.printf("  %d checks judged again from the history, %d kept as recorded; %s%n", rejudged,
          rows.size() - rejudged, differ == 0 ? "every verdict the same" : differ + " verdicts differ");
      allSame &= differ == 0;
    }
    out.flush();
    return allSame ? ExitCode.OK.code() : ExitCode.FAILED.code();
  }
}
