package io.slipway.scenarios.cli;

import io.slipway.engine.cli.ExitCode;
import io.slipway.engine.config.ConfigException;
import io.slipway.engine.config.Problem;
import io.slipway.reports.history.Verdict;
import io.slipway.scenarios.load.ScenarioLoader;
import io.slipway.scenarios.model.Scenario;
import io.slipway.scenarios.run.Rehearsal;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code slipway rehearse FILE...}: runs scenarios one after another, each on a fleet of its
 * own. Every file is read first: a malformed one stops everything before any fleet starts.
 */
@Command(name = "rehearse", mixinStandardHelpOptions = true,
    description = "Run scenario files: build the cluster on a fleet, inject failures, judge the recorded history.")
public final class RehearseCommand implements Callable<Integer> {

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Scenario files (see docs/scenarios.md).")
  List<Path> files;

  @Option(names = "--seed", paramLabel = "N", description = "Override every scenario's seed.")
  Long seed;

  @Option(names = "--report-dir", paramLabel = "DIR", defaultValue = "slipway-runs",
      description = "Where each run's folder goes (default ${DEFAULT-VALUE}).")
  Path reportDir;

  @Option(names = "--keep-on-failure", description = "Leave a failed run's fleet running for inspection.")
  boolean keepOnFailure;

  @Override
  public Integer call() {
    List<Scenario> scenarios = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    for (Path file : files) {
      try {
        Scenario scenario = ScenarioLoader.load(file);
        scenarios.add(seed == null ? scenario : scenario.withSeed(seed));
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    PrintStream out = System.out;
    List<Rehearsal.Result> results = new ArrayList<>();
    for (Scenario scenario : scenarios) {
      results.add(Rehearsal.run(scenario, new Rehearsal.Options(reportDir, keepOnFailure, out)));
    }
    if (results.size() > 1) {
      out.println();
      results.forEach(r -> out.printf("%-40s %-7s %5.0f s  %s%n", r.scenario().name(), r.verdict().key().toUpperCase(),
          r.took().toMillis() / 1000.0, r.runDir()));
    }
    return results.stream().allMatch(r -> r.verdict() == Verdict.PASS) ? ExitCode.OK.code() : ExitCode.FAILED.code();
  }
}
