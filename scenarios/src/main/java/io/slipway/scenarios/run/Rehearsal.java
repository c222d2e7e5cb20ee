package io.slipway.scenarios.run;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.slipway.engine.host.HostKeyPolicy;
import io.slipway.engine.up.UpOptions;
import io.slipway.reports.AuditTable;
import io.slipway.reports.HtmlReport;
import io.slipway.reports.history.Entry;
import io.slipway.reports.history.Verdict;
import io.slipway.scenarios.check.Judgement;
import io.slipway.scenarios.history.History;
import io.slipway.scenarios.history.MonotonicClock;
import io.slipway.scenarios.model.AuditSpec;
import io.slipway.scenarios.model.ClusterEdit;
import io.slipway.scenarios.model.Scenario;
import io.slipway.scenarios.model.ScenarioStep;
import io.slipway.simulator.fleet.Diagnostics;
import io.slipway.simulator.fleet.Fleet;
import io.slipway.simulator.fleet.FleetOptions;
import io.slipway.simulator.fleet.Lifetime;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs one scenario, Molecule's way (converge, check idempotence, verify, destroy) with Jepsen's
 * parts (probes as clients, the nemesis, checkers over the recorded history): starts the fleet,
 * hands the steps to a {@link StepInterpreter} over the run's {@link RunContext}, then writes the
 * run folder ({@code history.jsonl}, {@code junit.xml}, {@code summary.md}, {@code report.html})
 * and tears the fleet down. A step that fails ends the run (the rest are not run); faults still
 * active are healed first.
 */
public final class Rehearsal {

  /**
   * Where the run folder goes ({@code runDir}, or a new folder under {@code reportDir} when null),
   * when the fleet is kept afterwards, and where progress lines go.
   */
  public record Options(Path reportDir, Path runDir, Keep keep, PrintStream progress) {

    public Options(Path reportDir, boolean keepOnFailure, PrintStream progress) {
      this(reportDir, null, keepOnFailure ? Keep.ON_FAILURE : Keep.NEVER, progress);
    }
  }

  /** Whether the fleet outlives the run: never, when the run did not pass, or always (to explore it). */
  public enum Keep {
    NEVER, ON_FAILURE, ALWAYS
  }

  /** The verdict of a run, its folder and every check's judgement. */
  public record Result(Scenario scenario, Path runDir, Verdict verdict, List<Entry.Judged> checks, Duration took) {
  }

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final Scenario scenario;
  private final Options options;
  private final Clock clock = MonotonicClock.startingNow();
  private final Instant start;
  private final Path runDir;
  private final History history;

  private Rehearsal(Scenario scenario, Options options) {
    this.scenario = scenario;
    this.options = options;
    this.start = clock.instant();
    this.runDir = options.runDir() != null ? options.runDir() : runFolder(options.reportDir(), scenario.name(), start);
    this.history = new History(runDir.resolve("history.jsonl"));
  }

  /**
   * A new run folder under {@code reportDir} for a run of {@code name} started at {@code start}:
   * the name as a file name (letters, digits, '.', '_' and '-', no leading dot), so no scenario
   * name ({@code ../../x}, {@code /etc}) puts a run folder anywhere else.
   */
  public static Path runFolder(Path reportDir, String name, Instant start) {
    String safe = name.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[.-]+", "");
    Path folder = reportDir.resolve((safe.isEmpty() ? "scenario" : safe) + "-" + STAMP.format(start));
    if (!folder.toAbsolutePath().normalize().getParent().equals(reportDir.toAbsolutePath().normalize())) {
      throw new IllegalStateException("run folder " + folder + " is not directly under " + reportDir);
    }
    return folder;
  }

  public static Result run(Scenario scenario, Options options) {
    return new Rehearsal(scenario, options).run();
  }

  /** The Kubernetes versions the scenario's cluster runs: its cluster section's, and each an edit sets. */
  static Set<String> kubernetesVersions(Scenario scenario) {
    Set<String> versions = new TreeSet<>();
    if (scenario.cluster().hasNonNull("kubernetes_version")) {
      versions.add(scenario.cluster().get("kubernetes_version").asText());
    }
    for (ScenarioStep step : scenario.steps()) {
      if (step instanceof ScenarioStep.EditCluster edit) {
        edit.edits().stream().filter(ClusterEdit.Set.class::isInstance).map(ClusterEdit.Set.class::cast)
            .filter(set -> set.path().equals("kubernetes_version")).forEach(set -> versions.add(set.value()));
      }
    }
    return versions;
  }

  private Result run() {
    String fleetName = fleetName();
    say("scenario %s (seed %d): %s", scenario.name(), scenario.seed(), scenario.description().strip());
    boolean failed = false;
    Fleet fleet = null;
    StepInterpreter steps = null;
    try {
      FleetOptions defaults = FleetOptions.scoped(runDir.resolve("fleet"));
      fleet = Fleet.start(scenario.fleet().withName(fleetName), new FleetOptions(defaults.directory(),
          options.keep() != Keep.NEVER ? Lifetime.DETACHED : Lifetime.SCOPED, defaults.baseImage(),
          message -> say("           fleet: %s", message)).withKubernetesVersions(kubernetesVersions(scenario)));
      history.add(new Entry.RunStarted(scenario.name(), scenario.seed(), fleetName, engineVersion(),
          fleet.nodes().get(0).exec("docker", "version", "--format", "{{.Server.Version}}").stdout().strip(), start));
      ClusterFile cluster = ClusterFile.create(scenario.cluster(), fleet, runDir.resolve("cluster.yml"));
      scenario.audit().ifPresent(audit -> recordAudit(audit, cluster));
      steps = new StepInterpreter(new RunContext(scenario, new Random(scenario.seed()), clock, start, runDir, history,
          fleet, cluster, UpOptions.beside(cluster.path(), fleet.knownHosts(), HostKeyPolicy.VERIFY, 50),
          options.progress()));
      for (ScenarioStep step : scenario.steps()) {
        if (!steps.run(step)) {
          failed = true;
          break;
        }
      }
    } catch (RuntimeException e) {
      failed = true;
      if (fleet == null) {
        history.add(new Entry.RunStarted(scenario.name(), scenario.seed(), fleetName, engineVersion(), "unknown", start));
      }
      Judgement cannot = Judgement.fail("the run could not go on: " + e.getMessage(), JsonNodeFactory.instance
          .objectNode());
      if (steps != null) {
        steps.judge("run", "fleet", cannot);
      } else {
        history.add(new Entry.Judged("run", "fleet", cannot.verdict(), cannot.summary(), cannot.figures(),
            clock.instant()));
        say("           FAIL fleet: %s", cannot.summary());
      }
    } finally {
      if (steps != null) {
        steps.close();
      }
    }
    List<Entry.Judged> checks = steps == null ? history.of(Entry.Judged.class, j -> true) : steps.checks();
    Verdict verdict = failed ? Verdict.FAIL : Verdict.of(checks.stream().map(Entry.Judged::verdict).toList());
    history.add(new Entry.RunEnded(verdict, clock.instant()));
    history.close();
    Duration took = Duration.between(start, clock.instant());
    RunReports.write(runDir, scenario, verdict, history.entries(), took);
    AuditTable.of(history.entries()).ifPresent(this::sayAudit);
    if (fleet != null && verdict != Verdict.PASS) {
      Diagnostics.collect(fleet, runDir.resolve("diagnostics"), message -> say("           %s", message));
    }
    Path report = HtmlReport.render(runDir);
    say("           report: %s", report);
    if (fleet != null) {
      if (options.keep() == Keep.ALWAYS || verdict != Verdict.PASS && options.keep() == Keep.ON_FAILURE) {
        say("kept fleet %s (slipway fleet ls; remove it with: slipway fleet down --name %s)", fleet.name(),
            fleet.name());
      } else {
        fleet.close();
      }
    }
    say("%s: %s in %.0f s; %s", scenario.name(), verdict.key().toUpperCase(), took.toMillis() / 1000.0, runDir);
    return new Result(scenario, runDir, verdict, List.copyOf(checks), took);
  }

  /** Records the audit with the fleet's addresses filled in, and prints where each of the operator's addresses is. */
  private void recordAudit(AuditSpec audit, ClusterFile cluster) {
    List<Entry.Audit.Address> addresses = audit.addresses().stream()
        .map(a -> new Entry.Audit.Address(a.operator(), cluster.resolve(a.fleet()), a.what())).toList();
    List<Entry.Audit.Difference> changes = audit.changes().stream()
        .map(c -> new Entry.Audit.Difference(c.key(), c.from(), cluster.resolve(c.to()), c.why())).toList();
    history.add(new Entry.Audit(audit.source(), audit.topology(), audit.singlePointsOfFailure(), audit.drills(),
        addresses, changes, clock.instant()));
    say("           %s", audit.topology());
    say("           addresses (your file -> the fleet):");
    addresses.forEach(a -> say("             %-28s -> %-16s %s", a.operator(), a.fleet(), a.what()));
  }

  private void sayAudit(AuditTable table) {
    say("");
    say("fault tolerance of %s: %s", table.audit().source(), table.audit().topology());
    table.audit().singlePoints().forEach(s -> say("  single point of failure: %s", s));
    for (AuditTable.Row row : table.rows()) {
      say("  %-21s %-46s expected %-9s %s", row.outcome().text(), row.title(), row.expectation(),
          row.outcome().expected() ? "" : "- " + row.observed());
    }
    table.notRun().forEach(d -> say("  %-21s %s", "not run", d));
  }

  private String fleetName() {
    String base = scenario.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    base = base.length() > 30 ? base.substring(0, 30) : base;
    byte[] suffix = new byte[2];
    new SecureRandom().nextBytes(suffix);
    return (base + "-" + HexFormat.of().formatHex(suffix)).replaceAll("-+", "-");
  }

  private static String engineVersion() {
    return Optional.ofNullable(Rehearsal.class.getPackage().getImplementationVersion()).orElse("dev");
  }

  private void say(String format, Object... args) {
    options.progress().printf(format + "%n", args);
    options.progress().flush();
  }
}
