package io.slipway.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.engine.event.Event;
import io.slipway.engine.plan.StepId;
import io.slipway.reports.history.Entry;
import io.slipway.reports.history.Outcome;
import io.slipway.reports.history.ProbeKind;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the report's charts draw, computed from the history so the page's script only plots:
 * per probe lane the ok samples (time, latency) and the failed ones; fault windows; markers where
 * a lease changed holder or a node's readiness changed; per {@code up} step the executor's steps
 * per host as Gantt bars. Times are milliseconds since the run started.
 */
final class ReportModel {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private ReportModel() {
  }

  static ObjectNode of(RunFolder run) {
    Instant start = run.start().at();
    ObjectNode model = F.objectNode();
    model.put("duration", ms(start, run.end()));
    model.set("lanes", lanes(run, start));
    model.put("probesFrom", run.of(Entry.Sample.class).stream().mapToLong(sample -> ms(start, sample.at())).min()
        .orElse(0));
    model.set("faults", faults(run, start));
    model.set("markers", markers(run, start));
    model.set("gantts", gantts(run, start));
    model.put("verdict", run.of(Entry.RunEnded.class).stream().findFirst().map(end -> end.verdict().key())
        .orElse("incomplete"));
    return model;
  }

  private static ObjectNode lanes(RunFolder run, Instant start) {
    ObjectNode lanes = F.objectNode();
    for (Entry.Sample sample : run.of(Entry.Sample.class)) {
      String probe = sample.probe().key();
      ObjectNode lane = lanes.has(probe) ? (ObjectNode) lanes.get(probe) : lanes.putObject(probe);
      ArrayNode points = lane.withArray(sample.outcome().key());
      ArrayNode point = points.addArray().add(ms(start, sample.at()))
          .add(Math.round(sample.latencyMs() * 10) / 10.0);
      if (sample.outcome() != Outcome.OK) {
        point.add(sample.error() == null ? "" : sample.error());
      }
    }
    return lanes;
  }

  private static ArrayNode faults(RunFolder run, Instant start) {
    ArrayNode faults = F.arrayNode();
    Map<String, Entry.FaultHealed> healed = new HashMap<>();
    run.of(Entry.FaultHealed.class).forEach(h -> healed.put(h.step(), h));
    for (Entry.FaultStarted fault : run.of(Entry.FaultStarted.class)) {
      Entry.FaultHealed heal = healed.get(fault.step());
      faults.addObject().put("label", fault.step() + ": " + fault.fault()).put("from", ms(start, fault.at()))
          .put("to", ms(start, heal == null ? run.end() : heal.at()));
    }
    return faults;
  }

  /** Lease holder changes and node readiness changes, each where it was first seen. */
  private static ArrayNode markers(RunFolder run, Instant start) {
    ArrayNode markers = F.arrayNode();
    Map<String, String> holders = new LinkedHashMap<>();
    Map<String, Boolean> ready = new HashMap<>();
    for (Entry.Sample sample : run.of(Entry.Sample.class)) {
      JsonNode value = sample.value();
      if (sample.outcome() != Outcome.OK || value == null || !value.isObject()) {
        continue;
      }
      long t = ms(start, sample.end());
      if (sample.probe() == ProbeKind.LEADERS) {
        value.fields().forEachRemaining(e -> {
          String before = holders.put(e.getKey(), e.getValue().asText());
          if (before != null && !before.equals(e.getValue().asText())) {
            markers.addObject().put("t", t).put("kind", "leader").put("label", e.getKey() + " → " + e.getValue().asText());
          }
        });
      } else if (sample.probe() == ProbeKind.NODES) {
        value.path("ready").forEach(n -> change(markers, ready, n.asText(), true, t));
        value.path("not_ready").forEach(n -> change(markers, ready, n.asText(), false, t));
      }
    }
    return markers;
  }

  private static void change(ArrayNode markers, Map<String, Boolean> ready, String node, boolean now, long t) {
    Boolean before = ready.put(node, now);
    if (before != null && before != now) {
      markers.addObject().put("t", t).put("kind", now ? "ready" : "not-ready")
          .put("label", node + (now ? " Ready" : " NotReady"));
    }
  }

  /**
   * Per up (or cert-rotate) step, the executor's steps as bars [host index, start, end, name,
   * state, phase], from the engine events the step recorded.
   */
  private static ArrayNode gantts(RunFolder run, Instant start) {
    Map<String, ObjectNode> byStep = new LinkedHashMap<>();
    Map<String, Map<StepId, Long>> open = new HashMap<>();
    for (Entry.Engine entry : run.of(Entry.Engine.class)) {
      Event event = entry.event();
      if (event instanceof Event.Stage) {
        continue;  // before the run's plan: no bar, and no chart of its own
      }
      boolean runStarted = event instanceof Event.RunStarted;
      String step = entry.step();
      if (runStarted && byStep.containsKey(step)) {
        step = step + " (again)";
        if (byStep.containsKey(step)) {
          continue;  // only the first two runs of a step are charted
        }
      } else if (!runStarted && byStep.containsKey(step + " (again)")) {
        step = step + " (again)";
      }
      ObjectNode gantt = byStep.computeIfAbsent(step, s -> {
        ObjectNode g = F.objectNode().put("step", s);
        g.putArray("hosts");
        g.putArray("bars");
        return g;
      });
      if (!(event instanceof Event.StepEvent stepEvent) || stepEvent.step().host().equals(StepId.CLUSTER)) {
        continue;  // run events, and the gates between phases, which take no time
      }
      long t = ms(start, event.at());
      Map<StepId, Long> starts = open.computeIfAbsent(step, s -> new HashMap<>());
      String state = event.accept(new BarState());
      if (state.equals("started")) {
        starts.put(stepEvent.step(), t);
      } else if (!state.isEmpty()) {
        Long began = starts.remove(stepEvent.step());
        ArrayNode hosts = (ArrayNode) gantt.get("hosts");
        int index = indexOf(hosts, stepEvent.step().host());
        ((ArrayNode) gantt.get("bars")).addArray().add(index).add(Objects.requireNonNullElse(began, t)).add(t)
            .add(stepEvent.step().name()).add(state).add(stepEvent.phase().name().toLowerCase(Locale.ROOT));
      }
    }
    ArrayNode gantts = F.arrayNode();
    byStep.values().stream().filter(g -> g.get("bars").size() > 0).forEach(gantts::add);
    return gantts;
  }

  /** What an event does to a step's bar: opens it ("started"), closes it ("ok", "failed"), or nothing (""). */
  private static final class BarState implements Event.Visitor<String> {
    @Override
    public String runStarted(Event.RunStarted event) {
      return "";
    }

    @Override
    public String runFinished(Event.RunFinished event) {
      return "";
    }

    @Override
    public String stepStarted(Event.StepStarted event) {
      return "started";
    }

    @Override
    public String stepSucceeded(Event.StepSucceeded event) {
      return "ok";
    }

    @Override
    public String stepFailed(Event.StepFailed event) {
      return event.last() ? "failed" : "";  // a retried attempt keeps the bar open
    }

    @Override
    public String stepSkipped(Event.StepSkipped event) {
      return "";
    }

    @Override
    public String stage(Event.Stage event) {
      return "";
    }
  }

  private static int indexOf(ArrayNode hosts, String host) {
    for (int i = 0; i < hosts.size(); i++) {
      if (hosts.get(i).asText().equals(host)) {
        return i;
      }
    }
    hosts.add(host);
    return hosts.size() - 1;
  }

  private static long ms(Instant start, Instant at) {
    return Duration.between(start, at).toMillis();
  }
}
