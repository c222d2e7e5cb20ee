package io.slipway.scenarios.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.reports.history.Entry;
import io.slipway.reports.history.Outcome;
import io.slipway.scenarios.model.CheckSpec;
import io.slipway.reports.history.ProbeKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Judges the checks that look only at recorded samples, over a window [{@code from}, {@code to}]
 * of the history. Pure: the same history gives the same judgement. Too few samples to decide is
 * {@code unknown}, never a pass.
 */
public final class Checker {

  private final List<Entry.Sample> samples;
  private final Instant from;
  private final Instant to;

  /** {@code samples} of the whole run; only those invoked within [from, to] count. */
  public Checker(List<Entry.Sample> samples, Instant from, Instant to) {
    this.samples = samples.stream().sorted(Comparator.comparing(Entry.Sample::at)).toList();
    this.from = from;
    this.to = to;
  }

  public Judgement judge(CheckSpec check) {
    if (check instanceof CheckSpec.Availability a) {
      return availability(a);
    } else if (check instanceof CheckSpec.Latency l) {
      return latency(l);
    } else if (check instanceof CheckSpec.Gap g) {
      return gap(g);
    } else if (check instanceof CheckSpec.Fails f) {
      return fails(f);
    } else if (check instanceof CheckSpec.LeadershipMoved m) {
      return leadershipMoved(m);
    } else if (check instanceof CheckSpec.NodesReady r) {
      return nodesReady(r);
    } else if (check instanceof CheckSpec.NodeNotReady n) {
      return nodeNotReady(n);
    } else if (check instanceof CheckSpec.NoNodeNotReady) {
      return noNodeNotReady();
    } else if (check instanceof CheckSpec.Restarted r) {
      return restarted(r);
    }
    throw new IllegalArgumentException(check + " is not judged from samples alone");
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

  private Judgement leadershipMoved(CheckSpec.LeadershipMoved check) {
    List<Entry.Sample> window = of(ProbeKind.LEADERS).stream().filter(s -> s.outcome() == Outcome.OK
        && s.value() != null && s.value().hasNonNull(check.component())).toList();
    Optional<String> before = samples.stream().filter(s -> s.probe() == ProbeKind.LEADERS && s.outcome() == Outcome.OK
        && s.at().isBefore(from) && s.value() != null && s.value().hasNonNull(check.component()))
        .reduce((a, b) -> b).map(s -> s.value().get(check.component()).asText());
    if (before.isEmpty()) {
      return Judgement.unknown("no " + check.component() + " leader was recorded before the window");
    }
    for (Entry.Sample s : window) {
      String holder = s.value().get(check.component()).asText();
      if (!holder.isEmpty() && !holder.equals(before.get())) {
        Duration took = Duration.between(from, s.end());
        ObjectNode figures = figures().put("from", before.get()).put("to", holder).put("moved_after_ms", took.toMillis())
            .put("bound_ms", check.within().toMillis());
        return Judgement.of(took.compareTo(check.within()) <= 0, String.format("%s leadership moved from %s to %s "
            + "%.2f s after the window began; bound %.2f s", check.component(), before.get(), holder,
            took.toMillis() / 1000.0, check.within().toMillis() / 1000.0), figures);
      }
    }
    return Judgement.fail(check.component() + " leadership stayed with " + before.get() + " through the window",
        figures().put("from", before.get()));
  }

  private Judgement nodesReady(CheckSpec.NodesReady check) {
    Instant deadline = from.plus(check.within());
    int most = 0;
    for (Entry.Sample s : of(ProbeKind.NODES)) {
      if (s.outcome() == Outcome.OK && s.value() != null && !s.at().isAfter(deadline)) {
        int ready = s.value().path("ready").size();
        most = Math.max(most, ready);
        if (ready >= check.count()) {
          Duration took = Duration.between(from, s.end());
          return Judgement.pass(String.format("%d nodes Ready %.2f s after the window began; bound %.2f s", ready,
              took.toMillis() / 1000.0, check.within().toMillis() / 1000.0), figures().put("ready", ready)
              .put("after_ms", took.toMillis()).put("bound_ms", check.within().toMillis()));
        }
      }
    }
    return Judgement.fail("at most " + most + " of " + check.count() + " nodes were Ready within "
        + check.within().toSeconds() + " s", figures().put("most_ready", most));
  }

  private Judgement nodeNotReady(CheckSpec.NodeNotReady check) {
    Instant deadline = from.plus(check.within());
    for (Entry.Sample s : of(ProbeKind.NODES)) {
      if (s.outcome() == Outcome.OK && s.value() != null && contains(s.value().path("not_ready"), check.node())) {
        Duration took = Duration.between(from, s.end());
        return Judgement.of(!s.at().isAfter(deadline), String.format("%s NotReady %.2f s after the window began; "
            + "bound %.2f s", check.node(), took.toMillis() / 1000.0, check.within().toMillis() / 1000.0),
            figures().put("after_ms", took.toMillis()).put("bound_ms", check.within().toMillis()));
      }
    }
    return Judgement.fail(check.node() + " was never seen NotReady in the window", figures());
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
    for (Entry.Sample s : samples) {
      if (s.probe() != ProbeKind.CONTAINERS || s.value() == null) {
        continue;
      }
      JsonNode container = s.value().path(check.node()).path(check.container());
      if (container.isObject() && !s.at().isAfter(to)) {
        if (s.at().isBefore(from)) {
          counts.clear();
        }
        counts.add(container.path("restarts").asInt());
        lastState = container.path("state").asText();
      }
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
