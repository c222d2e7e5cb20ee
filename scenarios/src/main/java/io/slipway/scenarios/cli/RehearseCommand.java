package io.slipway.scenarios.cli;

import io.slipway.engine.BadInputException;
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
 * {@code slipway rehearse --cluster FILE}: the HA audit of an operator's own cluster.yml.
 */
@Command(name = "rehearse", mixinStandardHelpOptions = true,
    description = {"Run scenario files: build the cluster on a fleet, inject failures, judge the recorded history.",
        "With --cluster: audit your own cluster.yml - a copy of that cluster on a fleet shaped like it, the drills "
            + "its topology should survive, and a verdict per drill."})
public final class RehearseCommand implements Callable<Integer> {

  @Parameters(paramLabel = "FILE", arity = "0..*", description = "Scenario files (see docs/scenarios.md).")
  List<Path> files = new ArrayList<>();

  @Option(names = "--cluster", paramLabel = "FILE",
      description = "Audit this cluster.yml (RKE's, unchanged): see docs/audit.md.")
  Path cluster;

  @Option(names = "--drills", paramLabel = "quick|all|NAME,...", defaultValue = "quick",
      description = "With --cluster: which drills (default ${DEFAULT-VALUE}).")
  String drills;

  @Option(names = "--capacity", paramLabel = "ROLE=CPU,MEMORY,STORAGE",
      description = "With --cluster: what each node of a role claims (default worker=32,64Gi,100Gi; "
          + "controlplane and etcd 8,16Gi,100Gi).")
  List<String> capacity = new ArrayList<>();

  @Option(names = "--floating-address", description = "With --cluster: a keepalived pair of load balancers holds "
      + "the load-balancer address of authentication.sans.")
  boolean floatingAddress;

  @Option(names = "--engines", paramLabel = "FILE", description = "With --cluster: spread the copy over the Docker "
      + "engines FILE lists (engines: as in a fleet file; see docs/fleet.md).")
  Path engines;

  @Option(names = "--misprepare", paramLabel = "NODE=swap|port-closed|no-key",
      description = "With --cluster: leave a node unprepared first; up must refuse it, naming node and fix.")
  List<String> misprepare = new ArrayList<>();

  @Option(names = "--explore", description = "With --cluster: deploy the copy and leave it running.")
  boolean explore;

  @Option(names = "--check", description = "Check the scenario files (or, with --cluster, plan the audit) completely "
      + "and stop: every problem at its line and column (exit 2), or what would run.")
  boolean check;

  @Option(names = "--seed", paramLabel = "N", description = "Override every scenario's seed.")
  Long seed;

  @Option(names = "--report-dir", paramLabel = "DIR", defaultValue = "slipway-runs",
      description = "Where each run's folder goes (default ${DEFAULT-VALUE}).")
  Path reportDir;

  @Option(names = "--keep-on-failure", description = "Leave a failed run's fleet running for inspection.")
  boolean keepOnFailure;

  @Override
  public Integer call() {
    if (cluster != null) {
      if (!files.isEmpty()) {
        throw new BadInputException("give scenario files or --cluster FILE, not both");
      }
      return new Audit(cluster, drills, capacity, misprepare, floatingAddress, engines, explore,
          seed == null ? 1 : seed, reportDir, keepOnFailure, System.out).run(check);
    }
    if (files.isEmpty()) {
      throw new BadInputException("name scenario files to rehearse, or audit a cluster.yml with --cluster FILE");
    }
    if (explore || floatingAddress || engines != null || !capacity.isEmpty() || !misprepare.isEmpty()
        || !drills.equals("quick")) {
      throw new BadInputException("--drills, --capacity, --misprepare, --floating-address, --engines and --explore go "
          + "with --cluster FILE (a scenario file names its engines in its fleet)");
    }
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
    if (check) {
      scenarios.forEach(s -> out.printf("%s: fine (%d nodes, %d load balancers, %d steps)%n", s.file(),
          s.fleet().nodes().size(), s.fleet().loadBalancers().size(), s.steps().size()));
      return ExitCode.OK.code();
    }
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
