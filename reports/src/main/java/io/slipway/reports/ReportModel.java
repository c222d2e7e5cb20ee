package io.slipway.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
    Instant start = Instant.parse(run.start().path("at").asText());
    ObjectNode model = F.objectNode();
    JsonNode end = run.ofType("run-ended").stream().findFirst().orElse(null);
    List<JsonNode> all = run.entries();
    model.put("duration", ms(start, all.get(all.size() - 1).path("at").asText()));
    model.set("lanes", lanes(run, start));
    model.put("probesFrom", run.ofType("sample").stream().mapToLong(sample -> ms(start, sample.path("at").asText()))
        .min().orElse(0));
    model.set("faults", faults(run, start));
    model.set("markers", markers(run, start));
    model.set("gantts", gantts(run, start));
    model.put("verdict", end == null ? "incomplete" : end.path("verdict").asText());
    return model;
  }

  private static ObjectNode lanes(RunFolder run, Instant start) {
    ObjectNode lanes = F.objectNode();
    for (JsonNode sample : run.ofType("sample")) {
      ObjectNode lane = lanes.has(sample.path("probe").asText()) ? (ObjectNode) lanes.get(sample.path("probe").asText())
          : lanes.putObject(sample.path("probe").asText());
      String outcome = sample.path("outcome").asText();
      ArrayNode points = lane.withArray(outcome.equals("ok") ? "ok" : outcome.equals("fail") ? "fail" : "indeterminate");
      ArrayNode point = points.addArray().add(ms(start, sample.path("at").asText()))
          .add(Math.round(sample.path("latency_ms").asDouble() * 10) / 10.0);
      if (!outcome.equals("ok")) {
        point.add(sample.path("error").asText(""));
      }
    }
    return lanes;
  }

  private static ArrayNode faults(RunFolder run, Instant start) {
    ArrayNode faults = F.arrayNode();
    Map<String, JsonNode> healed = new HashMap<>();
    run.ofType("fault-healed").forEach(h -> healed.put(h.path("step").asText(), h));
    List<JsonNode> all = run.entries();
    String runEnd = all.get(all.size() - 1).path("at").asText();
    for (JsonNode fault : run.ofType("fault-started")) {
      JsonNode heal = healed.get(fault.path("step").asText());
      faults.addObject().put("label", fault.path("step").asText() + ": " + fault.path("fault").asText())
          .put("from", ms(start, fault.path("at").asText()))
          .put("to", ms(start, heal == null ? runEnd : heal.path("at").asText()));
    }
    return faults;
  }

  /** Lease holder changes and node readiness changes, each where it was first seen. */
  private static ArrayNode markers(RunFolder run, Instant start) {
    ArrayNode markers = F.arrayNode();
    Map<String, String> holders = new LinkedHashMap<>();
    Map<String, Boolean> ready = new HashMap<>();
    for (JsonNode sample : run.ofType("sample")) {
      JsonNode value = sample.path("value");
      if (!sample.path("outcome").asText().equals("ok") || !value.isObject()) {
        continue;
      }
      long t = ms(start, sample.path("end").asText());
      if (sample.path("probe").asText().equals("leaders")) {
        value.fields().forEachRemaining(e -> {
          String before = holders.put(e.getKey(), e.getValue().asText());
          if (before != null && !before.equals(e.getValue().asText())) {
            markers.addObject().put("t", t).put("kind", "leader").put("label", e.getKey() + " → " + e.getValue().asText());
          }
        });
      } else if (sample.path("probe").asText().equals("nodes")) {
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

  /** Per up (or cert-rotate) step, the executor's steps as bars [host index, start, end, name, state]. */
  private static ArrayNode gantts(RunFolder run, Instant start) {
    Map<String, ObjectNode> byStep = new LinkedHashMap<>();
    Map<String, Map<String, Long>> open = new HashMap<>();
    for (JsonNode entry : run.ofType("engine")) {
      String step = entry.path("step").asText();
      JsonNode event = entry.path("event");
      String type = event.path("type").asText();
      if (type.equals("run-started") && byStep.containsKey(step)) {
        step = step + " (again)";
        if (byStep.containsKey(step)) {
          continue;  // only the first two runs of a step are charted
        }
      } else if (!type.equals("run-started") && byStep.containsKey(step + " (again)")) {
        step = step + " (again)";
      }
      ObjectNode gantt = byStep.computeIfAbsent(step, s -> {
        ObjectNode g = F.objectNode().put("step", s);
        g.putArray("hosts");
        g.putArray("bars");
        return g;
      });
      String host = event.path("host").asText(null);
      if (host == null || host.equals("cluster")) {
        continue;  // run events, and the gates between phases, which take no time
      }
      String key = host + "/" + event.path("step").asText();
      long t = ms(start, event.path("at").asText());
      Map<String, Long> starts = open.computeIfAbsent(step, s -> new HashMap<>());
      if (type.equals("step-started")) {
        starts.put(key, t);
      } else if (type.equals("step-succeeded") || type.equals("step-failed") && event.path("last").asBoolean()) {
        Long began = starts.remove(key);
        ArrayNode hosts = (ArrayNode) gantt.get("hosts");
        int index = indexOf(hosts, host);
        ((ArrayNode) gantt.get("bars")).addArray().add(index).add(Objects.requireNonNullElse(began, t)).add(t)
            .add(event.path("step").asText()).add(type.equals("step-succeeded") ? "ok" : "failed");
      }
    }
    ArrayNode gantts = F.arrayNode();
    byStep.values().stream().filter(g -> g.get("bars").size() > 0).forEach(gantts::add);
    return gantts;
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

  private static long ms(Instant start, String at) {
    return java.time.Duration.between(start, Instant.parse(at)).toMillis();
  }

}
