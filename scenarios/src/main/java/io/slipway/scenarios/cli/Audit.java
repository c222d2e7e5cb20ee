package io.slipway.scenarios.cli;

import io.slipway.engine.AtomicFiles;
import io.slipway.engine.BadInputException;
import io.slipway.engine.cli.ExitCode;
import io.slipway.reports.history.Verdict;
import io.slipway.scenarios.audit.AuditPlan;
import io.slipway.scenarios.audit.Capacities;
import io.slipway.scenarios.audit.Drill;
import io.slipway.scenarios.load.ScenarioLoader;
import io.slipway.scenarios.model.Scenario;
import io.slipway.scenarios.run.Rehearsal;
import io.slipway.simulator.fleet.EngineSpec;
import io.slipway.simulator.fleet.FleetSpecLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code slipway rehearse --cluster FILE}: plans the audit (nothing starts when the file or an
 * option is wrong: exit 2), writes its scenario files into the run folder, says what it will do,
 * and rehearses it. The exit code is non-zero only when a drill did not do what the topology
 * should: an expected outage is no failure.
 */
final class Audit {

  private final Path cluster;
  private final String drills;
  private final List<String> capacity;
  private final List<String> misprepare;
  private final boolean floatingAddress;
  private final Path engines;
  private final boolean explore;
  private final long seed;
  private final Path reportDir;
  private final boolean keepOnFailure;
  private final PrintStream out;

  /** {@code engines}: a file listing the Docker engines to spread the copy over; null for the local engine. */
  Audit(Path cluster, String drills, List<String> capacity, List<String> misprepare, boolean floatingAddress,
      Path engines, boolean explore, long seed, Path reportDir, boolean keepOnFailure, PrintStream out) {
    this.cluster = cluster;
    this.drills = drills;
    this.capacity = capacity;
    this.misprepare = misprepare;
    this.floatingAddress = floatingAddress;
    this.engines = engines;
    this.explore = explore;
    this.seed = seed;
    this.reportDir = reportDir;
    this.keepOnFailure = keepOnFailure;
    this.out = out;
  }

  /** Plans the audit, says what it will do, and runs it; with {@code planOnly}, stops before anything starts. */
  int run(boolean planOnly) {
    Capacities capacities;
    try {
      capacities = Capacities.parse(capacity);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage(), e);
    }
    AuditPlan plan = AuditPlan.of(cluster, new AuditPlan.Selection(drills), capacities, floatingAddress, misprepare,
        seed);
    if (engines != null) {
      List<EngineSpec> spread = FleetSpecLoader.engines(engines);
      if (spread.isEmpty()) {
        throw new BadInputException("--engines " + engines + " lists no engines; expected engines: [{host: "
            + "tcp://HOST:PORT, tls: DIR}, ...]");
      }
      plan = plan.spreadOver(spread);
    }
    if (planOnly) {
      describe(plan, null);
      return ExitCode.OK.code();
    }
    Path runDir = Rehearsal.runFolder(reportDir, (explore ? "explore-" : "audit-") + plan.name(), Instant.now());
    Path file;
    try {
      Files.createDirectories(runDir);
      AtomicFiles.write(runDir.resolve("operator-cluster.yml"), Files.readString(cluster), "rw-------");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    file = explore ? plan.writeExplore(runDir) : plan.write(runDir);
    Scenario scenario = ScenarioLoader.load(file);
    describe(plan, runDir);
    Rehearsal.Result result = Rehearsal.run(scenario, new Rehearsal.Options(reportDir, runDir,
        explore ? Rehearsal.Keep.ALWAYS : keepOnFailure ? Rehearsal.Keep.ON_FAILURE : Rehearsal.Keep.NEVER, out));
    if (explore && result.verdict() == Verdict.PASS) {
      out.printf("%nthe copy of %s is running.%n  kubeconfig: %s%n  try: kubectl --kubeconfig %s get nodes%n",
          cluster, runDir.resolve("kube_config_cluster.yml"), runDir.resolve("kube_config_cluster.yml"));
    }
    out.printf("report: %s%n", runDir.resolve("report.html"));
    return result.verdict() == Verdict.PASS ? ExitCode.OK.code() : ExitCode.FAILED.code();
  }

  /** The topology, its single points of failure, and each drill with what it should do and why. */
  private void describe(AuditPlan plan, Path runDir) {
    out.printf("audit of %s: %s%n", cluster, plan.topology().describe());
    plan.topology().singlePointsOfFailure().forEach(s -> out.printf("  single point of failure: %s%n", s));
    if (!explore) {
      out.printf("  drills (%s%s):%n", drills, runDir == null ? "; all of them: "
          + plan.catalogue().stream().map(Drill::id).collect(Collectors.joining(", "))
          : "; every drill as a scenario file in " + runDir.resolve("drills"));
      for (Drill drill : plan.misprepared()) {
        out.printf("    %-28s expected %-9s %s%n", drill.id(), drill.expected().key(), drill.why());
      }
      for (Drill drill : plan.chosen()) {
        out.printf("    %-28s expected %-9s %s%n", drill.id(), drill.expected().key(), drill.why());
      }
    }
    out.flush();
  }
}
