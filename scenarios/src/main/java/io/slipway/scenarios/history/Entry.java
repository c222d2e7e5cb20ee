package io.slipway.scenarios.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.scenarios.model.ProbeKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One line of a run's history ({@code history.jsonl}; format in docs/scenarios.md). Every entry
 * has {@code type} and {@code at}; the rest depends on the type.
 */
public sealed interface Entry {

  Instant at();

  /** The entry as its JSON line. */
  ObjectNode json();

  /** The run began: scenario, seed, fleet. */
  record RunStarted(String scenario, long seed, String fleet, String engine, String docker, Instant at)
      implements Entry {
    @Override
    public ObjectNode json() {
      return base("run-started", at).put("scenario", scenario).put("seed", seed).put("fleet", fleet)
          .put("engine", engine).put("docker", docker);
    }
  }

  /** One probe operation: invoked at {@code at}, completed at {@code end}. */
  record Sample(ProbeKind probe, Instant at, Instant end, Outcome outcome, JsonNode value, String error)
      implements Entry {
    public Duration latency() {
      return Duration.between(at, end);
    }

    @Override
    public ObjectNode json() {
      ObjectNode node = base("sample", at).put("probe", probe.key()).put("end", end.toString())
          .put("outcome", outcome.key()).put("latency_ms", latency().toNanos() / 1e6);
      if (value != null) {
        node.set("value", value);
      }
      if (error != null) {
        node.put("error", error);
      }
      return node;
    }
  }

  record StepStarted(String step, String kind, String detail, Instant at) implements Entry {
    @Override
    public ObjectNode json() {
      return base("step-started", at).put("step", step).put("kind", kind).put("detail", detail);
    }
  }

  record StepEnded(String step, String kind, boolean ok, String detail, Instant at) implements Entry {
    @Override
    public ObjectNode json() {
      return base("step-ended", at).put("step", step).put("kind", kind).put("ok", ok).put("detail", detail);
    }
  }

  /** A fault took effect on its targets. */
  record FaultStarted(String step, String fault, List<String> targets, Instant at) implements Entry {
    @Override
    public ObjectNode json() {
      ObjectNode node = base("fault-started", at).put("step", step).put("fault", fault);
      targets.forEach(node.putArray("targets")::add);
      return node;
    }
  }

  /** The fault injected by {@code step} was healed. */
  record FaultHealed(String step, String fault, Instant at) implements Entry {
    @Override
    public ObjectNode json() {
      return base("fault-healed", at).put("step", step).put("fault", fault);
    }
  }

  /** An engine event of an {@code up} or {@code cert-rotate} step (engine/event/EventJson). */
  record Engine(String step, ObjectNode event, Instant at) implements Entry {
    @Override
    public ObjectNode json() {
      ObjectNode node = base("engine", at).put("step", step);
      node.set("event", event);
      return node;
    }
  }

  /** A check's verdict with its figures. */
  record Judged(String step, String check, Verdict verdict, String summary, ObjectNode figures, Instant at)
      implements Entry {
    @Override
    public ObjectNode json() {
      ObjectNode node = base("check", at).put("step", step).put("check", check).put("verdict", verdict.key())
          .put("summary", summary);
      node.set("figures", figures);
      return node;
    }
  }

  /** The run ended. */
  record RunEnded(Verdict verdict, Instant at) implements Entry {
    @Override
    public ObjectNode json() {
      return base("run-ended", at).put("verdict", verdict.key());
    }
  }

  private static ObjectNode base(String type, Instant at) {
    return JsonNodeFactory.instance.objectNode().put("type", type).put("at", at.toString());
  }
}
