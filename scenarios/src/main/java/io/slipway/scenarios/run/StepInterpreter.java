package io.slipway.scenarios.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.engine.Poll;
import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.Role;
import io.slipway.engine.event.EventSink;
import io.slipway.engine.exec.Change;
import io.slipway.engine.up.EtcdSnapshots;
import io.slipway.engine.up.Remove;
import io.slipway.engine.up.Up;
import io.slipway.reports.history.Entry;
import io.slipway.reports.history.ProbeKind;
import io.slipway.scenarios.check.CheckSpecJson;
import io.slipway.scenarios.check.Checker;
import io.slipway.scenarios.check.Judgement;
import io.slipway.scenarios.fault.ActiveFault;
import io.slipway.scenarios.fault.Nemesis;
import io.slipway.scenarios.model.CheckSpec;
import io.slipway.scenarios.model.ProbeSpec;
import io.slipway.scenarios.model.ScenarioStep;
import io.slipway.scenarios.probe.ClusterAccess;
import io.slipway.simulator.fleet.FleetNode;
import io.slipway.simulator.kubectl.Kubectl;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Carries out a scenario's steps over a {@link RunContext}, the one place that does: each step is
 * recorded as started and ended in the history, its checks judged from the history and recorded
 * with what it takes to judge them again. What a run accumulates lives here and nowhere else: the
 * faults still active (every one healed on {@link #close()}), the checks judged, and the watch on
 * the cluster once an {@code up} brought it up.
 */
final class StepInterpreter implements ScenarioStep.Visitor<Void>, AutoCloseable {

  /** How long after its invocation an api_cas operation has surely completed: connect and answer, 2 s each, and 1 s. */
  private static final Duration CAS_SETTLE = Duration.ofSeconds(5);

  private final RunContext run;
  private final Map<String, ActiveFault> active = new LinkedHashMap<>();
  private final List<Entry.Judged> checks = new ArrayList<>();
  /** When each snapshot of this run was taken, by name. */
  private final Map<String, Instant> snapshotsTaken = new LinkedHashMap<>();
  /**
   * The windows whose writes a restore undid, from the snapshot to the end of its restore: lost by
   * design for the rest of the run, so every later no_lost_writes excuses them, not only the
   * restore's own check.
   */
  private final List<Window> restored = new ArrayList<>();
  private ClusterWatch watch;

  private record Window(Instant from, Instant to) {
  }

  StepInterpreter(RunContext run) {
    this.run = run;
  }

  /** Runs one step; false when it failed and the run must stop. */
  boolean run(ScenarioStep step) {
    String kind = StepText.kind(step);
    run.history().add(new Entry.StepStarted(step.id(), kind, StepText.describe(step), run.clock().instant()));
    run.say("[%6.1f s] %s", run.seconds(), StepText.describe(step));
    try {
      step.accept(this);
      run.history().add(new Entry.StepEnded(step.id(), kind, true, "", run.clock().instant()));
      return true;
    } catch (RuntimeException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      run.history().add(new Entry.StepEnded(step.id(), kind, false, message, run.clock().instant()));
      judge(step.id(), "step " + step.id(), Judgement.fail(kind + " failed: " + message,
          JsonNodeFactory.instance.objectNode()));
      return false;
    }
  }

  /** Every check judged so far, in order. */
  List<Entry.Judged> checks() {
    return List.copyOf(checks);
  }

  /** Records a check judged outside the steps (the run could not go on). */
  void judge(String step, String check, Judgement judgement) {
    record(new Entry.Judged(step, check, judgement.verdict(), judgement.summary(), judgement.figures(),
        run.clock().instant()));
  }

  @Override
  public Void up(ScenarioStep.Up up) {
    if (up.refusal() != null) {
      refused(up);
      return null;
    }
    ClusterConfig config = run.config();
    Up.Result first = new Up(run.clock()).run(config, run.upOptions(), engineEvents(up.id()));
    run.say("           %d steps, %d changes", first.outcome().succeeded().size(), first.changes().size());
    first.warnings().forEach(warning -> run.say("           warning: %s", warning));
    Up.Result again = new Up(run.clock()).run(config, run.upOptions(), engineEvents(up.id()));
    List<String> changed = again.changes().stream().map(Change::describe).toList();
    judge(up.id(), "idempotence", changed.isEmpty()
        ? Judgement.pass("a second up changed nothing (" + again.outcome().succeeded().size() + " steps checked"
            + (again.leftAsTheyWere().isEmpty() ? "" : "; unreachable, left as they were: "
            + String.join(", ", again.leftAsTheyWere())) + ")",
            JsonNodeFactory.instance.objectNode().put("second_up_ms", again.outcome().took().toMillis()))
        : Judgement.fail("a second up changed: " + String.join("; ", changed),
            JsonNodeFactory.instance.objectNode().put("changes", changed.size())));
    if (watch == null) {
      watch = ClusterWatch.start(run);
    }
    return null;
  }

  /** An {@code up} that must refuse, saying why in words that match, and change nothing on any node. */
  private void refused(ScenarioStep.Up up) {
    String error;
    try {
      Up.Result result = new Up(run.clock()).run(run.config(), run.upOptions(), engineEvents(up.id()));
      error = null;
      run.say("           up went through: %d changes", result.changes().size());
    } catch (RuntimeException e) {
      error = e.getMessage() == null ? e.toString() : e.getMessage();
      run.say("           up refused: %s", error.replace("\n", "\n           "));
    }
    List<String> touched = run.fleet().nodes().stream()
        .filter(n -> !n.exec("docker", "ps", "-aq").stdout().isBlank()).map(n -> n.name()).toList();
    boolean matches = error != null && Pattern.compile(up.refusal()).matcher(error).find();
    ObjectNode figures = JsonNodeFactory.instance.objectNode().put("refused", error != null)
        .put("nodes_changed", touched.size());
    judge(up.id(), "up refused", matches && touched.isEmpty()
        ? Judgement.pass("up refused, naming the node and the fix, and changed nothing: " + firstLine(error), figures)
        : Judgement.fail(error == null ? "up went through, though it should have refused"
            : !matches ? "up refused, but not as expected (/" + up.refusal() + "/): " + firstLine(error)
            : "up refused, but containers were left on " + String.join(", ", touched), figures));
  }

  private static String firstLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines.length > 1 ? lines[0] + " " + lines[1].strip() : lines[0];
  }

  @Override
  public Void certRotate(ScenarioStep.CertRotate rotate) {
    new Up(run.clock()).rotateCertificates(run.config(), run.upOptions(), false, engineEvents(rotate.id()));
    return null;
  }

  @Override
  public Void snapshotSave(ScenarioStep.SnapshotSave save) {
    Instant taken = run.clock().instant();
    List<EtcdSnapshots.File> files = new EtcdSnapshots(run.clock()).save(run.config(), run.upOptions(), save.name(),
        file -> { });
    snapshotsTaken.put(save.name(), taken);  // only a snapshot that was saved: a failed save of the name keeps the last
    run.say("           saved on %s", String.join(", ", files.stream().map(EtcdSnapshots.File::host).toList()));
    return null;
  }

  @Override
  public Void snapshotRestore(ScenarioStep.SnapshotRestore restore) {
    Up.Result result = new EtcdSnapshots(run.clock()).restore(run.config(), run.upOptions(), restore.name(),
        engineEvents(restore.id()), line -> run.say("           %s", line));
    // a snapshot this run did not take may be older than every write of the run
    restored.add(new Window(snapshotsTaken.getOrDefault(restore.name(), run.start()), run.clock().instant()));
    run.say("           %d steps, %d changes", result.outcome().succeeded().size(), result.changes().size());
    return null;
  }

  /**
   * {@code slipway remove --force}, then a look at every node: no container left, RKE's
   * directories empty, the snapshots kept. The probes stop with the cluster; the next {@code up}
   * (a new cluster, with a new CA) starts them again.
   */
  @Override
  public Void remove(ScenarioStep.Remove remove) {
    ClusterConfig config = run.config();
    List<FleetNode> nodes = run.clusterNodes();
    Map<String, Integer> snapshotsBefore = snapshotCounts(nodes);
    if (watch != null) {
      watch.close();
      watch = null;
    }
    Remove.Result result = Remove.run(config, run.upOptions(), host -> run.say("           %s: removed %d containers, "
        + "emptied %s", host.host(), host.containers().size(), host.emptied().isEmpty() ? "nothing"
        : String.join(", ", host.emptied())));
    List<String> problems = new ArrayList<>();
    String directories = String.join(" ", Remove.paths(config));
    for (FleetNode node : nodes) {
      String containers = node.exec("docker", "ps", "-aq").stdout().strip();
      if (!containers.isEmpty()) {
        problems.add(node.name() + " still has " + containers.lines().count() + " containers");
      }
      String left = node.exec("sh", "-c", "for d in " + directories + "; do [ -d \"$d\" ] && ls -A \"$d\" | sed "
          + "\"s|^|$d/|\"; done; true").stdout().strip();
      if (!left.isEmpty()) {
        problems.add(node.name() + " still holds " + String.join(", ", left.lines().limit(5).toList()));
      }
    }
    Map<String, Integer> snapshotsAfter = snapshotCounts(nodes);
    if (!snapshotsAfter.equals(snapshotsBefore)) {
      problems.add("the snapshots changed: " + snapshotsBefore + " before, " + snapshotsAfter + " after");
    }
    ObjectNode figures = JsonNodeFactory.instance.objectNode().put("nodes", result.hosts().size())
        .put("containers_removed", result.hosts().stream().mapToInt(h -> h.containers().size()).sum())
        .put("problems", problems.size());
    judge(remove.id(), "removed", problems.isEmpty()
        ? Judgement.pass("no component container and nothing in " + directories + " on any of " + nodes.size()
            + " nodes; the snapshots kept (" + snapshotsAfter.values().stream().mapToInt(Integer::intValue).sum()
            + "); kubeconfig and state deleted", figures)
        : Judgement.fail(String.join("; ", problems), figures));
    return null;
  }

  private static Map<String, Integer> snapshotCounts(List<FleetNode> nodes) {
    Map<String, Integer> counts = new TreeMap<>();
    for (FleetNode node : nodes) {
      counts.put(node.name(), (int) node.exec("sh", "-c", "ls /opt/rke/etcd-snapshots/*.zip 2>/dev/null; true")
          .stdout().lines().filter(l -> !l.isBlank()).count());
    }
    return counts;
  }

  @Override
  public Void waitUntil(ScenarioStep.WaitUntil wait) {
    Conditions conditions = new Conditions(requireAccess(), watch.etcd(), run.fleet());
    if (!Poll.until(wait.timeout(), Duration.ofMillis(500), () -> conditions.holds(wait.condition()))) {
      throw new IllegalStateException(wait.condition().describe() + " did not hold within "
          + wait.timeout().toSeconds() + " s; last seen: " + conditions.lastSeen());
    }
    return null;
  }

  @Override
  public Void fault(ScenarioStep.Fault fault) {
    Targets resolver = new Targets(run.fleet(), run.clusterNodes(), run.random(),
        watch == null ? null : watch.access(), watch == null ? null : watch.etcd());
    List<String> targets = resolver.resolve(fault.fault().target());
    ActiveFault injected = new Nemesis(run.fleet()).inject(fault.id(), fault.fault(), targets, resolver::resolve);
    active.put(fault.id(), injected);
    run.history().add(new Entry.FaultStarted(fault.id(), injected.description(), targets, run.clock().instant()));
    run.say("           %s", injected.description());
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
      heal(heal.fault());
    }
    return null;
  }

  /**
   * Judges an expectation from the history: its window's samples and, for a check that looks at
   * the cluster itself, what it saw, recorded first as an {@code observed} entry; the verdict is
   * recorded with the check, its window and how many entries it saw, so a stored run can be
   * judged again.
   */
  @Override
  public Void expect(ScenarioStep.Expect expect) {
    Instant from = expect.window().from() == null ? run.start() : stepStarted(expect.window().from());
    if (expect.window().to() == null) {
      awaitProbesCaughtUp(run.clock().instant());
    }
    Instant to = expect.window().to() == null ? run.clock().instant() : stepEnded(expect.window().to());
    CheckSpec check = expect.check();
    JsonNode observation = null;
    if (check instanceof CheckSpec.NoLostWrites writes) {
      ObjectNode read = LiveChecks.finalRead(requireAccess());
      // the windows in instants, kept with the read so a stored run is judged again alike
      var mayLose = read.putArray("may_lose");
      if (writes.mayLose() != null) {
        mayLose.addObject().put("from", stepStarted(writes.mayLose().from()).toString())
            .put("to", stepEnded(writes.mayLose().to()).toString());
      }
      restored.forEach(w -> mayLose.addObject().put("from", w.from().toString()).put("to", w.to().toString()));
      observation = observe(expect.id(), "final-read", read);
    } else if (check instanceof CheckSpec.SnapshotPresent) {
      observation = observe(expect.id(), "snapshot-listing", LiveChecks.snapshotListing(run.clusterNodes().stream()
          .filter(n -> n.roles().contains(Role.ETCD)).toList()));
    } else if (check instanceof CheckSpec.Linearizable) {
      awaitCasClientsPast(to);
    }
    List<Entry> seen = run.history().entries();
    Judgement judgement = Checker.over(seen, from, to).judge(check, observation);
    record(new Entry.Judged(expect.id(), StepText.checkName(check), judgement.verdict(), judgement.summary(),
        judgement.figures(), run.clock().instant(), CheckSpecJson.of(check), from, to, seen.size()));
    return null;
  }

  private Instant stepStarted(String step) {
    return run.history().of(Entry.StepStarted.class, s -> s.step().equals(step)).get(0).at();
  }

  private Instant stepEnded(String step) {
    return run.history().of(Entry.StepEnded.class, s -> s.step().equals(step)).get(0).at();
  }

  @Override
  public Void editCluster(ScenarioStep.EditCluster edit) {
    run.cluster().apply(edit.edits());
    return null;
  }

  @Override
  public Void kubectl(ScenarioStep.Kubectl step) {
    Path kubeconfig = run.upOptions().kubeconfigFile();
    if (step.throughEndpoint()) {
      kubeconfig = Kubectl.withServer(kubeconfig, run.fleet().apiReach().orElseThrow(() ->
          new IllegalStateException("through_endpoint needs a fleet with load balancers")),
          run.runDir().resolve("kube_config_through_lb.yml"));
    }
    judge(step.id(), "kubectl " + String.join(" ", step.args()), KubectlCheck.judge(step, kubeconfig));
    return null;
  }

  @Override
  public Void drill(ScenarioStep.Drill drill) {
    run.history().add(new Entry.DrillStarted(drill.id(), drill.title(), drill.expected(), drill.why(),
        run.clock().instant()));
    run.say("           expected: %s (%s)", drill.expected().key(), drill.why());
    return null;
  }

  /** Heals every fault still active and stops the probes. */
  @Override
  public void close() {
    healAll();
    if (watch != null) {
      watch.close();
    }
  }

  private JsonNode observe(String step, String what, JsonNode value) {
    run.history().add(new Entry.Observed(step, what, value, run.clock().instant()));
    return value;
  }

  /**
   * A window that ends now must include what the cluster looks like now: waits (at most 10 s)
   * until every probe has an operation invoked after {@code now} recorded, so a check right after
   * a {@code wait_until} sees what the wait saw.
   */
  private void awaitProbesCaughtUp(Instant now) {
    if (watch == null || !watch.probing()) {
      return;
    }
    Poll.until(Duration.ofSeconds(10), Duration.ofMillis(100), () -> run.scenario().probes().keySet().stream()
        .allMatch(kind -> !run.history().of(Entry.Sample.class, s -> s.probe() == kind && s.at().isAfter(now))
            .isEmpty()));
  }

  /**
   * The linearizable check must see every operation that overlaps its window, and operations are
   * recorded when they complete (at most the client's connect and request timeouts after they
   * were invoked): waits (at most 30 s) until every api_cas client has recorded one invoked
   * {@link #CAS_SETTLE} after the window's end.
   */
  private void awaitCasClientsPast(Instant to) {
    ProbeSpec cas = run.scenario().probes().get(ProbeKind.API_CAS);
    if (cas == null || watch == null || !watch.probing()) {
      return;
    }
    Instant past = to.plus(CAS_SETTLE);
    Poll.until(Duration.ofSeconds(30), Duration.ofMillis(100), () -> run.history().of(Entry.Sample.class,
        s -> s.probe() == ProbeKind.API_CAS && s.at().isAfter(past) && s.value() != null).stream()
        .map(s -> s.value().path("client").asInt()).distinct().count() >= cas.clients());
  }

  private void heal(String faultStep) {
    ActiveFault fault = active.remove(faultStep);
    if (fault == null) {
      throw new IllegalStateException("fault " + faultStep + " is not active (healed already?)");
    }
    fault.heal().run();
    run.history().add(new Entry.FaultHealed(faultStep, fault.description(), run.clock().instant()));
    run.say("           healed: %s", fault.description());
  }

  private void healAll() {
    for (String step : List.copyOf(active.keySet())) {
      try {
        heal(step);
      } catch (RuntimeException e) {
        run.say("           could not heal %s: %s", step, e.getMessage());
      }
    }
  }

  private void record(Entry.Judged judged) {
    run.history().add(judged);
    checks.add(judged);
    run.say("           %s %s: %s", judged.verdict().key().toUpperCase(), judged.check(), judged.summary());
  }

  private ClusterAccess requireAccess() {
    if (watch == null) {
      throw new IllegalStateException("the cluster is not up yet: this step needs an earlier `up`");
    }
    return watch.access();
  }

  private EventSink engineEvents(String step) {
    return event -> run.history().add(new Entry.Engine(step, event, event.at()));
  }
}
