package io.slipway.scenarios.cli;

import io.slipway.engine.cli.ExitCode;
import io.slipway.reports.HtmlReport;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slipway report DIR...}: (re-)renders the report.html of run folders. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Render a rehearsal run folder's history into a self-contained report.html.")
public final class ReportCommand implements Callable<Integer> {

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "DIR", arity = "1..*", description = "Run folders (each holds a history.jsonl).")
  List<Path> directories;

  @Override
  public Integer call() {
    for (Path directory : directories) {
      spec.commandLine().getOut().println(HtmlReport.render(directory));
    }
    spec.commandLine().getOut().flush();
    return ExitCode.OK.code();
  }
}
