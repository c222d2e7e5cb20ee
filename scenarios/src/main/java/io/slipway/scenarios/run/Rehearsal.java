package io.slipway.scenarios.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.engine.Poll;
import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.Role;
import io.slipway.engine.config.Strictness;
import io.slipway.engine.event.EventJson;
import io.slipway.engine.event.EventSink;
import io.slipway.engine.exec.Change;
import io.slipway.engine.host.HostKeyPolicy;
import io.slipway.engine.state.StateStore;
import io.slipway.engine.up.Up;
import io.slipway.engine.up.UpOptions;
import io.slipway.reports.HtmlReport;
import io.slipway.reports.history.Entry;
import io.slipway.reports.history.ProbeKind;
import io.slipway.reports.history.Verdict;
import io.slipway.scenarios.check.CheckSpecJson;
import io.slipway.scenarios.check.Checker;
import io.slipway.scenarios.check.Judgement;
import io.slipway.scenarios.fault.ActiveFault;
import io.slipway.scenarios.fault.Nemesis;
import io.slipway.scenarios.history.History;
import io.slipway.scenarios.model.CheckSpec;
import io.slipway.scenarios.model.Scenario;
import io.slipway.scenarios.model.ScenarioStep;
import io.slipway.scenarios.probe.ApiProbes;
import io.slipway.scenarios.probe.ClusterAccess;
import io.slipway.scenarios.probe.ContainersProbe;
import io.slipway.scenarios.probe.EtcdProbe;
import io.slipway.scenarios.probe.Probe;
import io.slipway.scenarios.probe.Probes;
import io.slipway.simulator.fleet.ContainerFleet;
import io.slipway.simulator.fleet.Diagnostics;
import io.slipway.simulator.fleet.FleetNode;
import io.slipway.simulator.fleet.FleetOptions;
import io.slipway.simulator.fleet.Lifetime;
import io.slipway.simulator.kubectl.Kubectl;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Runs one scenario, Molecule's way (converge, check idempotence, verify, destroy) with Jepsen's
 * parts (probes as clients, the nemesis, checkers over the recorded history): starts the fleet,
 * runs the steps in order while the probes record, judges every check, writes the run folder
 * ({@code history.jsonl}, {@code junit.xml}, {@code summary.md}) and tears the fleet down.
 * A step that fails ends the run (the rest are not run); faults still active are healed first.
 */
public final class Rehearsal {

  /** Where the run folder goes, whether a failed run's fleet is kept, and where progress lines go. */
  public record Options(Path reportDir, boolean keepOnFailure, PrintStream progress) {
  }

  /** The verdict of a run, its folder and every check's judgement. */
  public record Result(Scenario scenario, Path runDir, Verdict verdict, List<Entry.Judged> checks, Duration took) {
  }

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final Scenario scenario;
  private final Options options;
  private final Clock clock = Clock.systemUTC();
  private final Random random;
  private final Instant start;
  private final Path runDir;
  private final History history;
  private final Map<String, ActiveFault> active = new LinkedHashMap<>();
  private final List<Entry.Judged> checks = new ArrayList<>();
  private ContainerFleet fleet;
  private ClusterFile cluster;
  private UpOptions upOptions;
  private ClusterAccess access;
  private EtcdProbe etcd;
  private Probes probes;

  private Rehearsal(Scenario scenario, Options options) {
    this.scenario = scenario;
    this.options = options;
    this.random = new Random(scenario.seed());
    this.start = clock.instant();
    this.runDir = options.reportDir().resolve(scenario.name() + "-" + STAMP.format(start));
    this.history = new History(runDir.resolve("history.jsonl"));
  }

  public static Result run(Scenario scenario, Options options) {
    return new Rehearsal(scenario, options).run();
  }

  private Result run() {
    String fleetName = fleetName();
    say("scenario %s (seed %d): %s", scenario.name(), scenario.seed(), scenario.description().strip());
    boolean failed = false;
    try {
      FleetOptions defaults = FleetOptions.scoped(runDir.resolve("fleet"));
      fleet = ContainerFleet.start(scenario.fleet().withName(fleetName), new FleetOptions(defaults.directory(),
          options.keepOnFailure() ? Lifetime.DETACHED : Lifetime.SCOPED, defaults.baseImage(),
          message -> say("           fleet: %s", message)));
      history.add(new Entry.RunStarted(scenario.name(), scenario.seed(), fleetName, engineVersion(),
          fleet.nodes().get(0).exec("docker", "version", "--format", "{{.Server.Version}}").stdout().strip(), start));
      cluster = ClusterFile.create(scenario.cluster(), fleet, runDir.resolve("cluster.yml"));
      upOptions = UpOptions.beside(cluster.path(), fleet.knownHosts(), HostKeyPolicy.VERIFY, 50);
      for (ScenarioStep step : scenario.steps()) {
        if (!step(step)) {
          failed = true;
          break;
        }
      }
    } catch (RuntimeException e) {
      failed = true;
      if (fleet == null) {
        history.add(new Entry.RunStarted(scenario.name(), scenario.seed(), fleetName, engineVersion(), "unknown", start));
      }
      judge("run", "fleet", Judgement.fail("the run could not go on: " + e.getMessage(),
          JsonNodeFactory.instance.objectNode()));
    } finally {
      healAll();
      if (probes != null) {
        probes.close();
      }
    }
    Verdict verdict = failed ? Verdict.FAIL : Verdict.of(checks.stream().map(Entry.Judged::verdict).toList());
    history.add(new Entry.RunEnded(verdict, clock.instant()));
    history.close();
    Duration took = Duration.between(start, clock.instant());
    RunReports.write(runDir, scenario, verdict, checks, took);
    if (fleet != null && verdict != Verdict.PASS) {
      Diagnostics.collect(fleet, runDir.resolve("diagnostics"), message -> say("           %s", message));
    }
    Path report = HtmlReport.render(runDir);
    say("           report: %s", report);
    if (fleet != null) {
      if (verdict != Verdict.PASS && options.keepOnFailure()) {
        say("kept fleet %s for inspection (slipway fleet ls; slipway fleet down --name %s)", fleet.name(), fleet.name());
      } else {
        fleet.close();
      }
    }
    say("%s: %s in %.0f s; %s", scenario.name(), verdict.key().toUpperCase(), took.toMillis() / 1000.0, runDir);
    return new Result(scenario, runDir, verdict, List.copyOf(checks), took);
  }

  /** Runs one step; false when it failed and the run must stop. */
  private boolean step(ScenarioStep step) {
    String kind = StepText.kind(step);
    history.add(new Entry.StepStarted(step.id(), kind, StepText.describe(step), clock.instant()));
    say("[%6.1f s] %s", seconds(), StepText.describe(step));
    try {
      execute(step);
      history.add(new Entry.StepEnded(step.id(), kind, true, "", clock.instant()));
      return true;
    } catch (RuntimeException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      history.add(new Entry.StepEnded(step.id(), kind, false, message, clock.instant()));
      judge(step.id(), "step " + step.id(), Judgement.fail(kind + " failed: " + message,
          JsonNodeFactory.instance.objectNode()));
      return false;
    }
  }

  private void execute(ScenarioStep step) {
    step.accept(new Interpreter());
  }

  /** What each kind of step does to the run: the one place that carries out scenario steps. */
  private final class Interpreter implements ScenarioStep.Visitor<Void> {

    @Override
    public Void up(ScenarioStep.Up up) {
      Rehearsal.this.up(up.id());
      return null;
    }

    @Override
    public Void certRotate(ScenarioStep.CertRotate rotate) {
      new Up(clock).rotateCertificates(config(), upOptions, false, engineEvents(rotate.id()));
      return null;
    }

    @Override
    public Void waitUntil(ScenarioStep.WaitUntil wait) {
      Conditions conditions = new Conditions(requireAccess(), etcd, fleet);
      if (!Poll.until(wait.timeout(), Duration.ofMillis(500), () -> conditions.holds(wait.condition()))) {
        throw new IllegalStateException(wait.condition().describe() + " did not hold within "
            + wait.timeout().toSeconds() + " s; last seen: " + conditions.lastSeen());
      }
      return null;
    }

    @Override
    public Void fault(ScenarioStep.Fault fault) {
      List<String> targets = new Targets(fleet, clusterNodes(), random, access, etcd).resolve(fault.fault().target());
      ActiveFault injected = new Nemesis(fleet).inject(fault.id(), fault.fault(), targets);
      active.put(fault.id(), injected);
      history.add(new Entry.FaultStarted(fault.id(), injected.description(), targets, clock.instant()));
      say("           %s", injected.description());
      return null;
    }

    @Override
    public Void hold(ScenarioStep.Hold hold) {
      try {
        Thread.sleep(hold.duration().toMillis());  // the scenario asks the cluster to run this long under the probes
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while holding", e);
      }
      return null;
    }

    @Override
    public Void heal(ScenarioStep.Heal heal) {
      if (heal.fault() == null) {
        healAll();
      } else {
        Rehearsal.this.heal(heal.fault());
      }
      return null;
    }

    @Override
    public Void expect(ScenarioStep.Expect expect) {
      Judged judged = Rehearsal.this.expect(expect);
      record(new Entry.Judged(expect.id(), StepText.checkName(expect.check()), judged.judgement().verdict(),
          judged.judgement().summary(), judged.judgement().figures(), clock.instant(), judged.spec(), judged.from(),
          judged.to(), judged.saw()));
      return null;
    }

    @Override
    public Void editCluster(ScenarioStep.EditCluster edit) {
      cluster.apply(edit.edits());
      return null;
    }

    @Override
    public Void kubectl(ScenarioStep.Kubectl kubectl) {
      judge(kubectl.id(), "kubectl " + String.join(" ", kubectl.args()), Rehearsal.this.kubectl(kubectl));
      return null;
    }
  }

  private void up(String id) {
    ClusterConfig config = config();
    Up.Result first = new Up(clock).run(config, upOptions, engineEvents(id));
    say("           %d steps, %d changes", first.outcome().succeeded().size(), first.changes().size());
    Up.Result again = new Up(clock).run(config, upOptions, engineEvents(id));
    List<String> changed = again.changes().stream().map(Change::describe).toList();
    judge(id, "idempotence", changed.isEmpty()
        ? Judgement.pass("a second up changed nothing (" + again.outcome().succeeded().size() + " steps checked"
            + (again.leftAsTheyWere().isEmpty() ? "" : "; unreachable, left as they were: "
            + String.join(", ", again.leftAsTheyWere())) + ")",
            JsonNodeFactory.instance.objectNode().put("second_up_ms", again.outcome().took().toMillis()))
        : Judgement.fail("a second up changed: " + String.join("; ", changed),
            JsonNodeFactory.instance.objectNode().put("changes", changed.size())));
    if (access == null) {
      startProbes();
    }
  }

  private void startProbes() {
    var pki = StateStore.load(upOptions.stateFile()).certificates().orElseThrow();
    String endpoint = fleet.apiEndpoint().orElseGet(() -> clusterNodes().stream()
        .filter(n -> n.roles().contains(Role.CONTROLPLANE)).findFirst().orElseThrow().internalAddress());
    access = new ClusterAccess(URI.create("https://" + endpoint + ":6443"), pki, Duration.ofSeconds(2));
    Map<String, String> members = new LinkedHashMap<>();
    clusterNodes().stream().filter(n -> n.roles().contains(Role.ETCD)).forEach(n -> members.put(n.name(),
        n.internalAddress()));
    etcd = new EtcdProbe(access, members, clock);
    Map<Probe, Duration> running = new LinkedHashMap<>();
    scenario.probes().forEach((kind, every) -> running.put(probe(kind), every));
    if (!running.isEmpty()) {
      probes = Probes.start(running, history);
      say("           probes through %s: %s", access.api(), String.join(", ", scenario.probes().keySet().stream()
          .map(ProbeKind::key).toList()));
    }
  }

  private Probe probe(ProbeKind kind) {
    return switch (kind) {
      case API_READ -> ApiProbes.read(access, clock);
      case API_WRITE -> new ApiProbes.Writes(access, clock);
      case NODES -> ApiProbes.nodes(access, clock);
      case LEADERS -> ApiProbes.leaders(access, clock);
      case ETCD -> etcd;
      case CONTAINERS -> new ContainersProbe(clusterNodes(), clock);
    };
  }

  /**
   * Judges an expectation from the history: its window's samples and, for a check that looks at
   * the cluster itself, what it saw, recorded first as an {@code observed} entry. Returns the
   * judgement with what it takes to judge it again from the stored history.
   */
  private Judged expect(ScenarioStep.Expect expect) {
    Instant from = expect.window().from() == null ? start : history.of(Entry.StepStarted.class,
        s -> s.step().equals(expect.window().from())).get(0).at();
    if (expect.window().to() == null) {
      awaitProbesCaughtUp(clock.instant());
    }
    Instant to = expect.window().to() == null ? clock.instant() : history.of(Entry.StepEnded.class,
        s -> s.step().equals(expect.window().to())).get(0).at();
    CheckSpec check = expect.check();
    JsonNode observation = null;
    if (check instanceof CheckSpec.NoLostWrites) {
      observation = observe(expect.id(), "final-read", LiveChecks.finalRead(requireAccess()));
    } else if (check instanceof CheckSpec.SnapshotPresent) {
      observation = observe(expect.id(), "snapshot-listing", LiveChecks.snapshotListing(clusterNodes().stream()
          .filter(n -> n.roles().contains(Role.ETCD)).toList()));
    }
    List<Entry> seen = history.entries();
    return new Judged(Checker.over(seen, from, to).judge(check, observation), CheckSpecJson.of(check), from, to,
        seen.size());
  }

  /** A judgement made from the history, with its check, window and how many entries it saw. */
  private record Judged(Judgement judgement, ObjectNode spec, Instant from, Instant to, int saw) {
  }

  private JsonNode observe(String step, String what, JsonNode value) {
    history.add(new Entry.Observed(step, what, value, clock.instant()));
    return value;
  }

  /**
   * A window that ends now must include what the cluster looks like now: waits (at most 10 s)
   * until every probe has an operation invoked after {@code now} recorded, so a check right after
   * a {@code wait_until} sees what the wait saw.
   */
  private void awaitProbesCaughtUp(Instant now) {
    if (probes == null) {
      return;
    }
    Poll.until(Duration.ofSeconds(10), Duration.ofMillis(100), () -> scenario.probes().keySet().stream().allMatch(kind ->
        !history.of(Entry.Sample.class, s -> s.probe() == kind && s.at().isAfter(now)).isEmpty()));
  }

  private Judgement kubectl(ScenarioStep.Kubectl step) {
    Path kubeconfig = upOptions.kubeconfigFile();
    if (step.throughEndpoint()) {
      kubeconfig = Kubectl.withServer(kubeconfig, fleet.apiEndpoint().orElseThrow(() ->
          new IllegalStateException("through_endpoint needs a fleet with load balancers")),
          runDir.resolve("kube_config_through_lb.yml"));
    }
    return KubectlCheck.judge(step, kubeconfig);
  }

  private void heal(String faultStep) {
    ActiveFault fault = active.remove(faultStep);
    if (fault == null) {
      throw new IllegalStateException("fault " + faultStep + " is not active (healed already?)");
    }
    fault.heal().run();
    history.add(new Entry.FaultHealed(faultStep, fault.description(), clock.instant()));
    say("           healed: %s", fault.description());
  }

  private void healAll() {
    for (String step : List.copyOf(active.keySet())) {
      try {
        heal(step);
      } catch (RuntimeException e) {
        say("           could not heal %s: %s", step, e.getMessage());
      }
    }
  }

  private void judge(String step, String check, Judgement judgement) {
    record(new Entry.Judged(step, check, judgement.verdict(), judgement.summary(), judgement.figures(),
        clock.instant()));
  }

  private void record(Entry.Judged judged) {
    history.add(judged);
    checks.add(judged);
    say("           %s %s: %s", judged.verdict().key().toUpperCase(), judged.check(), judged.summary());
  }


  private ClusterConfig config() {
    return ConfigLoader.load(cluster.path(), Strictness.STRICT).config();
  }

  /** The fleet nodes cluster.yml names now. */
  private List<FleetNode> clusterNodes() {
    Set<String> names = cluster.nodeNames();
    return fleet.nodes().stream().filter(n -> names.contains(n.name())).toList();
  }

  private ClusterAccess requireAccess() {
    if (access == null) {
      throw new IllegalStateException("the cluster is not up yet: this step needs an earlier `up`");
    }
    return access;
  }

  private EventSink engineEvents(String step) {
    return event -> history.add(new Entry.Engine(step, EventJson.of(event), event.at()));
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

  private double seconds() {
    return Duration.between(start, clock.instant()).toMillis() / 1000.0;
  }

  private void say(String format, Object... args) {
    options.progress().printf(format + "%n", args);
    options.progress().flush();
  }
}
