package io.slipway.scenarios.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.reports.history.Entry;
import io.slipway.reports.history.Outcome;
import io.slipway.reports.history.ProbeKind;
import io.slipway.scenarios.model.CheckSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Judges every check from the recorded history alone, over a window [{@code from}, {@code to}]:
 * the probes' samples, and for the checks that looked at the cluster themselves, what they
 * recorded seeing. Pure: the same history gives the same judgement, during the run and when
 * {@code slipway report --rejudge} judges a stored run again. Too few samples to decide is
 * {@code unknown}, never a pass.
 */
public final class Checker {

  private final List<Entry.Sample> samples;
  private final Instant from;
  private final Instant to;
  private final Instant boundsFrom;

  /** {@code samples} of the whole run; only those invoked within [from, to] count. */
  public Checker(List<Entry.Sample> samples, Instant from, Instant to) {
    this(samples, from, to, from);
  }

  private Checker(List<Entry.Sample> samples, Instant from, Instant to, Instant boundsFrom) {
    this.samples = samples.stream().sorted(Comparator.comparing(Entry.Sample::at)).toList();
    this.from = from;
    this.to = to;
    this.boundsFrom = boundsFrom;
  }

  /**
   * A checker over the samples among {@code entries} (a history, or the part of one a check saw).
   * When the window begins with a fault step, the {@code within} bounds of the checks that time
   * a reaction (a leader elected, nodes NotReady or Ready) count from that fault's being in place:
   * injecting it (a netem qdisc on a busy node, a container stopped) may take seconds that are not
   * the cluster's. What was before the window is still read before the step began.
   */
  public static Checker over(List<Entry> entries, Instant from, Instant to) {
    List<Entry.Sample> samples = entries.stream().filter(Entry.Sample.class::isInstance)
        .map(Entry.Sample.class::cast).toList();
    Optional<String> firstStep = entries.stream().filter(Entry.StepStarted.class::isInstance)
        .map(Entry.StepStarted.class::cast).filter(s -> s.at().equals(from)).map(Entry.StepStarted::step).findFirst();
    Instant inPlace = firstStep.flatMap(step -> entries.stream().filter(Entry.FaultStarted.class::isInstance)
        .map(Entry.FaultStarted.class::cast).filter(f -> f.step().equals(step)).map(Entry.FaultStarted::at)
        .findFirst()).filter(at -> at.isAfter(from)).orElse(from);
    return new Checker(samples, from, to, inPlace);
  }

  /** Judges a check that needs no observation of its own (every check but the final read and the snapshot listing). */
  public Judgement judge(CheckSpec check) {
    return judge(check, null);
  }

  /**
   * Judges {@code check}; {@code observation} is what the check saw when it looked at the
   * cluster itself ({@link Entry.Observed}), for {@code no_lost_writes} and {@code snapshot_present}.
   */
  public Judgement judge(CheckSpec check, JsonNode observation) {
    return check.accept(new CheckSpec.Visitor<Judgement>() {
      @Override
      public Judgement availability(CheckSpec.Availability a) {
        return Checker.this.availability(a);
      }

      @Override
      public Judgement latency(CheckSpec.Latency l) {
        return Checker.this.latency(l);
      }

      @Override
      public Judgement gap(CheckSpec.Gap g) {
        return Checker.this.gap(g);
      }

      @Override
      public Judgement fails(CheckSpec.Fails f) {
        return Checker.this.fails(f);
      }

      @Override
      public Judgement noLostWrites(CheckSpec.NoLostWrites n) {
        return observation == null ? Judgement.unknown("no final read was recorded") : Checker.this.noLostWrites(
            observation);
      }

      @Override
      public Judgement leadershipMoved(CheckSpec.LeadershipMoved m) {
        return Checker.this.leadershipMoved(m);
      }

      @Override
      public Judgement leaderChanges(CheckSpec.LeaderChanges c) {
        return Checker.this.leaderChanges(c);
      }

      @Override
      public Judgement nodesReady(CheckSpec.NodesReady r) {
        return Checker.this.nodesReady(r);
      }

      @Override
      public Judgement nodeNotReady(CheckSpec.NodeNotReady n) {
        return Checker.this.nodeNotReady(n);
      }

      @Override
      public Judgement noNodeNotReady(CheckSpec.NoNodeNotReady n) {
        return Checker.this.noNodeNotReady();
      }

      @Override
      public Judgement restarted(CheckSpec.Restarted r) {
        return Checker.this.restarted(r);
      }

      @Override
      public Judgement nodeVersions(CheckSpec.NodeVersions v) {
        return Checker.this.nodeVersions(v);
      }

      @Override
      public Judgement unschedulableAtMost(CheckSpec.UnschedulableAtMost u) {
        return Checker.this.unschedulableAtMost(u);
      }

      @Override
      public Judgement pendingAtMost(CheckSpec.PendingAtMost p) {
        return Checker.this.pendingAtMost(p);
      }

      @Override
      public Judgement scheduledWithin(CheckSpec.ScheduledWithin w) {
        return Checker.this.scheduledWithin(w);
      }

      @Override
      public Judgement linearizable(CheckSpec.Linearizable l) {
        return LinearizableCheck.judge(l, samples, from, to);
      }

      @Override
      public Judgement snapshotPresent(CheckSpec.SnapshotPresent s) {
        return observation == null ? Judgement.unknown("no snapshot listing was recorded")
            : Checker.this.snapshotsPresent(observation);
      }
    });
  }

  /**
   * Every write the API acknowledged (in the whole run) is among those the final read found; an
   * acknowledged one missing is a lost write. Indeterminate writes may or may not be there, and
   * are counted, not judged; so are the writes acknowledged within one of the read's {@code
   * may_lose} windows (between a snapshot and its restore: those are lost by design, for the rest
   * of the run).
   */
  private Judgement noLostWrites(JsonNode finalRead) {
    Set<Long> acknowledged = new TreeSet<>();
    Set<Long> indeterminate = new TreeSet<>();
    Set<Long> concurrent = new TreeSet<>();
    Set<Long> mayLose = new TreeSet<>();
    // acknowledged after the final read was sent: racing the read, so its absence proves nothing
    Instant readSent = instant(finalRead, "sent");
    List<Window> windows = mayLoseWindows(finalRead);
    for (Entry.Sample write : samples) {
      if (write.probe() != ProbeKind.API_WRITE || write.value() == null) {
        continue;
      }
      long sequence = write.value().path("sequence").asLong();
      if (write.outcome() == Outcome.OK && readSent != null && write.end().isAfter(readSent)) {
        concurrent.add(sequence);
      } else if (write.outcome() == Outcome.OK && windows.stream().anyMatch(w -> w.holds(write.end()))) {
        mayLose.add(sequence);
      } else if (write.outcome() == Outcome.OK) {
        acknowledged.add(sequence);
      } else if (write.outcome() == Outcome.INDETERMINATE) {
        indeterminate.add(sequence);
      }
    }
    if (acknowledged.isEmpty()) {
      return Judgement.unknown("no write was acknowledged, so none could be lost");
    }
    if (!finalRead.has("present")) {
      return Judgement.unknown("the final read did not succeed: " + finalRead.path("error").asText("no answer"));
    }
    Set<Long> present = new HashSet<>();
    finalRead.path("present").forEach(n -> present.add(n.asLong()));
    List<Long> lost = new ArrayList<>(acknowledged);
    lost.removeAll(present);
    long indeterminatePresent = indeterminate.stream().filter(present::contains).count();
    long lostAsExpected = mayLose.stream().filter(s -> !present.contains(s)).count();
    ObjectNode figures = figures().put("acknowledged", acknowledged.size()).put("lost", lost.size())
        .put("indeterminate", indeterminate.size()).put("indeterminate_present", indeterminatePresent)
        .put("concurrent_with_read", concurrent.size());
    if (!windows.isEmpty()) {
      figures.put("may_lose", mayLose.size()).put("lost_as_expected", lostAsExpected);
    }
    String expected = windows.isEmpty() ? "" : "; of " + mayLose.size() + " acknowledged between a snapshot and "
        + "its restore, " + lostAsExpected + " lost, as expected";
    return Judgement.of(lost.isEmpty(), lost.isEmpty()
        ? "all " + acknowledged.size() + " acknowledged writes found (" + indeterminate.size() + " indeterminate, "
            + indeterminatePresent + " of them present" + (concurrent.isEmpty() ? "" : "; " + concurrent.size()
            + " acknowledged while the final read ran, not judged") + expected + ")"
        : lost.size() + " acknowledged writes lost: " + lost.subList(0, Math.min(10, lost.size())) + expected, figures);
  }

  /** The read's {@code may_lose} windows, {@code [from, to]}; a run stored before there could be several had one. */
  private static List<Window> mayLoseWindows(JsonNode finalRead) {
    List<Window> windows = new ArrayList<>();
    finalRead.path("may_lose").forEach(w -> {
      if (w.hasNonNull("from") && w.hasNonNull("to")) {  // a window without both ends excuses nothing
        windows.add(new Window(instant(w, "from"), instant(w, "to")));
      }
    });
    if (finalRead.hasNonNull("may_lose_from")) {
      windows.add(new Window(instant(finalRead, "may_lose_from"), instant(finalRead, "may_lose_to")));
    }
    return windows;
  }

  /** Writes acknowledged after {@code from} and by {@code to} may be lost. */
  private record Window(Instant from, Instant to) {
    boolean holds(Instant acknowledged) {
      return acknowledged.isAfter(from) && !acknowledged.isAfter(to);
    }
  }

  private static Instant instant(JsonNode node, String field) {
    return node.hasNonNull(field) ? Instant.parse(node.get(field).asText()) : null;
  }

  /** Every etcd node listed holds at least one snapshot ({@code {"node": count, ...}}). */
  private Judgement snapshotsPresent(JsonNode listing) {
    ObjectNode figures = figures();
    List<String> missing = new ArrayList<>();
    listing.fields().forEachRemaining(node -> {
      figures.put(node.getKey(), node.getValue().asLong());
      if (node.getValue().asLong() == 0) {
        missing.add(node.getKey());
      }
    });
    if (figures.isEmpty()) {
      return Judgement.unknown("no etcd node was listed");
    }
    return Judgement.of(missing.isEmpty(), missing.isEmpty() ? "every etcd node holds a snapshot: " + figures
        : "no snapshot on " + String.join(", ", missing), figures);
  }

  /** How long after the bounds began {@code at} was; nothing when it was while the fault went in. */
  private Duration sinceBoundsBegan(Instant at) {
    Duration since = Duration.between(boundsFrom, at);
    return since.isNegative() ? Duration.ZERO : since;
  }

  private String boundsBegan() {
    return boundsFrom.equals(from) ? "the window began" : String.format("the fault was in place (%.2f s after the "
        + "window began)", Duration.between(from, boundsFrom).toMillis() / 1000.0);
  }

  private List<Entry.Sample> of(ProbeKind probe) {
    return samples.stream().filter(s -> s.probe() == probe && !s.at().isBefore(from) && !s.at().isAfter(to)).toList();
  }

  private Judgement availability(CheckSpec.Availability check) {
    List<Entry.Sample> window = of(check.probe());
    long ok = window.stream().filter(s -> s.outcome() == Outcome.OK).count();
    long failed = window.stream().filter(s -> s.outcome() == Outcome.FAIL).count();
    long indeterminate = window.size() - ok - failed;
    if (ok + failed < 5) {
      return Judgement.unknown("only " + (ok + failed) + " determinate " + check.probe().key() + " samples in the window");
    }
    double share = ok / (double) (ok + failed);
    ObjectNode figures = figures().put("ok", ok).put("failed", failed).put("indeterminate", indeterminate)
        .put("availability", share).put("required", check.atLeast());
    return Judgement.of(share >= check.atLeast(), String.format("%s availability %.4f (%d ok, %d failed, %d "
        + "indeterminate); required %.4f", check.probe().key(), share, ok, failed, indeterminate, check.atLeast()), figures);
  }

  private Judgement latency(CheckSpec.Latency check) {
    List<Long> micros = of(check.probe()).stream().filter(s -> s.outcome() == Outcome.OK)
        .map(s -> s.latency().toNanos() / 1000).sorted().toList();
    if (micros.size() < 5) {
      return Judgement.unknown("only " + micros.size() + " ok " + check.probe().key() + " samples in the window");
    }
    int index = (int) Math.min(micros.size() - 1, Math.ceil(check.percentile() / 100 * micros.size()) - 1);
    double ms = micros.get(Math.max(0, index)) / 1000.0;
    ObjectNode figures = figures().put("percentile", check.percentile()).put("latency_ms", ms)
        .put("median_ms", micros.get(micros.size() / 2) / 1000.0).put("samples", micros.size())
        .put("bound_ms", check.below().toMillis());
    return Judgement.of(ms < check.below().toMillis(), String.format("p%s of %s latency %.1f ms (median %.1f ms, %d "
        + "samples); bound %d ms", trim(check.percentile()), check.probe().key(), ms, micros.get(micros.size() / 2) / 1000.0,
        micros.size(), check.below().toMillis()), figures);
  }

  /**
   * The longest stretch a client saw no success: from the end of the last ok sample before a
   * failure to the end of the next ok sample (or the window's end if none came).
   */
  private Judgement gap(CheckSpec.Gap check) {
    List<Entry.Sample> window = of(check.probe());
    if (window.size() < 5) {
      return Judgement.unknown("only " + window.size() + " " + check.probe().key() + " samples in the window");
    }
    Duration longest = Duration.ZERO;
    Instant lastOk = null;
    Instant gapStart = null;
    int gaps = 0;
    for (Entry.Sample s : window) {
      if (s.outcome() == Outcome.OK) {
        if (gapStart != null) {
          longest = max(longest, Duration.between(gapStart, s.end()));
          gapStart = null;
        }
        lastOk = s.end();
      } else if (gapStart == null) {
        gapStart = lastOk != null ? lastOk : s.at();
        gaps++;
      }
    }
    boolean open = gapStart != null;
    if (open) {
      longest = max(longest, Duration.between(gapStart, window.get(window.size() - 1).end()));
    }
    ObjectNode figures = figures().put("longest_gap_ms", longest.toMillis()).put("gaps", gaps)
        .put("bound_ms", check.below().toMillis()).put("still_failing_at_end", open);
    return Judgement.of(!open && longest.compareTo(check.below()) < 0, String.format("longest %s gap %.2f s over %d "
        + "gaps%s; bound %.2f s", check.probe().key(), longest.toMillis() / 1000.0, gaps, open ? ", still failing at the "
        + "window's end" : "", check.below().toMillis() / 1000.0), figures);
  }

  private Judgement fails(CheckSpec.Fails check) {
    List<Entry.Sample> window = of(check.probe());
    long failed = window.stream().filter(s -> s.outcome() != Outcome.OK).count();
    if (window.isEmpty()) {
      return Judgement.unknown("no " + check.probe().key() + " samples in the window");
    }
    ObjectNode figures = figures().put("not_ok", failed).put("samples", window.size());
    return Judgement.of(failed > 0, failed + " of " + window.size() + " " + check.probe().key()
        + " operations did not succeed, as expected" + (failed > 0 ? "" : " (none failed)"), figures);
  }

  private Judgement leaderChanges(CheckSpec.LeaderChanges check) {
    boolean etcd = check.component().equals("etcd");
    ProbeKind probe = etcd ? ProbeKind.ETCD : ProbeKind.LEADERS;
    String key = etcd ? "leader" : check.component();
    Predicate<Entry.Sample> saw = s -> s.probe() == probe && (etcd || s.outcome() == Outcome.OK) && s.value() != null
        && !s.value().path(key).asText("").isEmpty();
    List<Entry.Sample> window = of(probe).stream().filter(saw).toList();
    if (window.size() < 3) {
      return Judgement.unknown("only " + window.size() + " samples in the window named a " + check.component()
          + " leader");
    }
    String holder = samples.stream().filter(s -> saw.test(s) && s.at().isBefore(from)).reduce((a, b) -> b)
        .map(s -> s.value().get(key).asText()).orElse(window.get(0).value().get(key).asText());
    List<String> held = new ArrayList<>(List.of(holder));
    for (Entry.Sample s : window) {
      String now = s.value().get(key).asText();
      if (!now.equals(holder)) {
        holder = now;
        held.add(now);
      }
    }
    int changes = held.size() - 1;
    return Judgement.of(changes <= check.atMost(), check.component() + " leader changed " + changes + " time(s) in "
        + window.size() + " samples (bound " + check.atMost() + "): " + String.join(" -> ", held),
        figures().put("changes", changes).put("bound", check.atMost()).put("samples", window.size()));
  }

  private Judgement leadershipMoved(CheckSpec.LeadershipMoved check) {
    // etcd's leader is what the etcd probe saw, also while a member is down (the probe then fails)
    boolean etcd = check.component().equals("etcd");
    ProbeKind probe = etcd ? ProbeKind.ETCD : ProbeKind.LEADERS;
    String key = etcd ? "leader" : check.component();
    Predicate<Entry.Sample> saw = s -> s.probe() == probe && (etcd || s.outcome() == Outcome.OK) && s.value() != null
        && s.value().hasNonNull(key);
    List<Entry.Sample> window = of(probe).stream().filter(saw).toList();
    Optional<String> before = samples.stream().filter(s -> saw.test(s) && s.at().isBefore(from))
        .reduce((a, b) -> b).map(s -> s.value().get(key).asText());
    if (before.isEmpty()) {
      return Judgement.unknown("no " + check.component() + " leader was recorded before the window");
    }
    for (Entry.Sample s : window) {
      String holder = s.value().get(key).asText();
      if (!holder.isEmpty() && !holder.equals(before.get())) {
        Duration took = sinceBoundsBegan(s.end());
        ObjectNode figures = figures().put("from", before.get()).put("to", holder).put("moved_after_ms", took.toMillis())
            .put("bound_ms", check.within().toMillis());
        return Judgement.of(took.compareTo(check.within()) <= 0, String.format("%s leadership moved from %s to %s "
            + "%.2f s after %s; bound %.2f s", check.component(), before.get(), holder,
            took.toMillis() / 1000.0, boundsBegan(), check.within().toMillis() / 1000.0), figures);
      }
    }
    return Judgement.fail(check.component() + " leadership stayed with " + before.get() + " through the window",
        figures().put("from", before.get()));
  }

  private Judgement nodesReady(CheckSpec.NodesReady check) {
    Instant deadline = boundsFrom.plus(check.within());
    int most = 0;
    for (Entry.Sample s : of(ProbeKind.NODES)) {
      if (s.outcome() == Outcome.OK && s.value() != null && !s.at().isAfter(deadline)) {
        int ready = s.value().path("ready").size();
        most = Math.max(most, ready);
        if (ready >= check.count()) {
          Duration took = sinceBoundsBegan(s.end());
          return Judgement.pass(String.format("%d nodes Ready %.2f s after %s; bound %.2f s", ready,
              took.toMillis() / 1000.0, boundsBegan(), check.within().toMillis() / 1000.0), figures().put("ready", ready)
              .put("after_ms", took.toMillis()).put("bound_ms", check.within().toMillis()));
        }
      }
    }
    return Judgement.fail("at most " + most + " of " + check.count() + " nodes were Ready within "
        + check.within().toSeconds() + " s", figures().put("most_ready", most));
  }

  private Judgement nodeNotReady(CheckSpec.NodeNotReady check) {
    Instant deadline = boundsFrom.plus(check.within());
    for (Entry.Sample s : of(ProbeKind.NODES)) {
      if (s.outcome() == Outcome.OK && s.value() != null && contains(s.value().path("not_ready"), check.node())) {
        Duration took = sinceBoundsBegan(s.end());
        return Judgement.of(!s.at().isAfter(deadline), String.format("%s NotReady %.2f s after %s; "
            + "bound %.2f s", check.node(), took.toMillis() / 1000.0, boundsBegan(), check.within().toMillis() / 1000.0),
            figures().put("after_ms", took.toMillis()).put("bound_ms", check.within().toMillis()));
      }
    }
    return Judgement.fail(check.node() + " was never seen NotReady in the window", figures());
  }

  private Judgement nodeVersions(CheckSpec.NodeVersions check) {
    List<Entry.Sample> window = of(ProbeKind.NODES).stream().filter(s -> s.outcome() == Outcome.OK
        && s.value() != null && s.value().has("versions")).toList();
    if (window.isEmpty()) {
      return Judgement.unknown("no nodes sample with kubelet versions in the window");
    }
    JsonNode versions = window.get(window.size() - 1).value().get("versions");
    List<String> other = new ArrayList<>();
    versions.fields().forEachRemaining(e -> {
      if (!e.getValue().asText().equals(check.version())) {
        other.add(e.getKey() + " " + e.getValue().asText());
      }
    });
    return Judgement.of(other.isEmpty() && versions.size() > 0, other.isEmpty()
        ? "all " + versions.size() + " nodes on " + check.version()
        : other.size() + " of " + versions.size() + " nodes not on " + check.version() + ": " + String.join(", ", other),
        figures().put("nodes", versions.size()).put("other_versions", other.size()));
  }

  private Judgement unschedulableAtMost(CheckSpec.UnschedulableAtMost check) {
    List<Entry.Sample> window = of(ProbeKind.NODES).stream().filter(s -> s.outcome() == Outcome.OK
        && s.value() != null).toList();
    if (window.size() < 3) {
      return Judgement.unknown("only " + window.size() + " successful nodes samples in the window");
    }
    int most = 0;
    Set<String> cordoned = new TreeSet<>();
    for (Entry.Sample s : window) {
      most = Math.max(most, s.value().path("unschedulable").size());
      s.value().path("unschedulable").forEach(n -> cordoned.add(n.asText()));
    }
    return Judgement.of(most <= check.count(), "at most " + most + " nodes unschedulable at once in " + window.size()
        + " samples (bound " + check.count() + "); cordoned in the window: " + (cordoned.isEmpty() ? "none"
        : String.join(", ", cordoned)), figures().put("most_unschedulable", most).put("cordoned", cordoned.size())
        .put("samples", window.size()));
  }

  private Judgement pendingAtMost(CheckSpec.PendingAtMost check) {
    List<Entry.Sample> window = podSamples();
    if (window.size() < 3) {
      return Judgement.unknown("only " + window.size() + " successful pods samples in the window");
    }
    int most = 0;
    Instant when = null;
    for (Entry.Sample s : window) {
      int pending = 0;
      for (JsonNode pod : s.value().path("pods")) {
        // waiting for a node: a pod placed whose containers are still starting is Pending too, but not waiting
        pending += selects(check.selector(), pod) && pod.path("phase").asText().equals("Pending")
            && pod.path("node").asText("").isEmpty() ? 1 : 0;
      }
      if (pending > most) {
        most = pending;
        when = s.at();
      }
    }
    return Judgement.of(most <= check.count(), "at most " + most + " pods of " + check.selector()
        + " Pending without a node at once"
        + (when == null ? "" : " (first at " + when + ")") + " in " + window.size() + " samples (bound "
        + check.count() + ")", figures().put("most_pending", most).put("samples", window.size()));
  }

  private Judgement scheduledWithin(CheckSpec.ScheduledWithin check) {
    List<Entry.Sample> window = podSamples();
    if (window.size() < 3) {
      return Judgement.unknown("only " + window.size() + " successful pods samples in the window");
    }
    Instant start = window.get(0).at();
    Map<String, Instant> waited = new TreeMap<>();
    Map<String, Instant> placed = new TreeMap<>();
    for (Entry.Sample s : window) {
      for (JsonNode pod : s.value().path("pods")) {
        if (!selects(check.selector(), pod)) {
          continue;
        }
        String name = pod.path("name").asText();
        if (pod.path("node").asText("").isEmpty()) {
          waited.putIfAbsent(name, s.at());
        } else if (waited.containsKey(name)) {
          placed.putIfAbsent(name, s.at());
        }
      }
    }
    Instant deadline = start.plus(check.within());
    List<String> late = new ArrayList<>();
    Duration longest = Duration.ZERO;
    for (String name : waited.keySet()) {
      Instant at = placed.get(name);
      if (at == null || at.isAfter(deadline)) {
        late.add(name + (at == null ? " (never)" : " (after " + seconds(Duration.between(start, at)) + ")"));
      } else if (Duration.between(start, at).compareTo(longest) > 0) {
        longest = Duration.between(start, at);
      }
    }
    return Judgement.of(late.isEmpty(), waited.isEmpty() ? "no pod of " + check.selector() + " waited for a node"
        : late.isEmpty() ? "all " + waited.size() + " waiting pods of " + check.selector() + " placed, the last after "
            + seconds(longest) + " (bound " + seconds(check.within()) + ")"
            : late.size() + " of " + waited.size() + " pods of " + check.selector() + " not placed within "
                + seconds(check.within()) + ": " + String.join(", ", late),
        figures().put("waited", waited.size()).put("late", late.size()).put("samples", window.size()));
  }

  private List<Entry.Sample> podSamples() {
    return of(ProbeKind.PODS).stream().filter(s -> s.outcome() == Outcome.OK && s.value() != null).toList();
  }

  /** Whether the pod's labels hold every {@code key=value} of the selector. */
  private static boolean selects(String selector, JsonNode pod) {
    for (String term : selector.split(",")) {
      String[] kv = term.split("=", 2);
      if (!pod.path("labels").path(kv[0]).asText("\u0000").equals(kv[1])) {
        return false;
      }
    }
    return true;
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  private Judgement noNodeNotReady() {
    List<Entry.Sample> window = of(ProbeKind.NODES).stream().filter(s -> s.outcome() == Outcome.OK).toList();
    if (window.size() < 3) {
      return Judgement.unknown("only " + window.size() + " successful readiness samples in the window");
    }
    Set<String> seen = new HashSet<>();
    window.forEach(s -> s.value().path("not_ready").forEach(n -> seen.add(n.asText())));
    return Judgement.of(seen.isEmpty(), seen.isEmpty() ? "no node was NotReady in " + window.size() + " samples"
        : "NotReady in the window: " + String.join(", ", seen), figures().put("samples", window.size()));
  }

  private Judgement restarted(CheckSpec.Restarted check) {
    List<Integer> counts = new ArrayList<>();
    String lastState = null;
    boolean sawBefore = false;  // a sample that ended before the window: the count to compare with
    for (Entry.Sample s : samples) {
      if (s.probe() != ProbeKind.CONTAINERS || s.value() == null) {
        continue;
      }
      JsonNode container = s.value().path(check.node()).path(check.container());
      if (container.isObject() && !s.at().isAfter(to)) {
        if (s.end().isBefore(from)) {
          counts.clear();
          sawBefore = true;
        }
        counts.add(container.path("restarts").asInt());
        lastState = container.path("state").asText();
      }
    }
    if (!sawBefore) {
      return Judgement.unknown("no sample of " + check.container() + " on " + check.node()
          + " ended before the window, so nothing to count restarts from");
    }
    if (counts.size() < 2) {
      return Judgement.unknown("too few container samples of " + check.container() + " on " + check.node());
    }
    int before = counts.get(0);
    int after = counts.get(counts.size() - 1);
    ObjectNode figures = figures().put("restarts_before", before).put("restarts_after", after).put("state", lastState);
    return Judgement.of(after > before && "running".equals(lastState), check.container() + " on " + check.node()
        + " restarted " + (after - before) + " time(s) and is " + lastState, figures);
  }

  private static boolean contains(JsonNode array, String value) {
    for (JsonNode n : array) {
      if (n.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  private static ObjectNode figures() {
    return JsonNodeFactory.instance.objectNode();
  }
}
