package io.slipway.engine.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.engine.plan.Phase;
import io.slipway.engine.plan.StepId;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stable JSON form of an {@link Event}, one object per event, as {@code --log-format json}
 * prints it and scenario histories record it (documented in docs/up.md):
 * {@code {"at":"2026-…Z","type":"step-succeeded","host":"master-1","step":"etcd","phase":"etcd","attempt":1,"took_ms":812}}.
 */
public final class EventJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private EventJson() {
  }

  public static ObjectNode of(Event event) {
    ObjectNode node = JSON.createObjectNode();
    node.put("at", event.at().toString());
    return event.accept(new Event.Visitor<ObjectNode>() {
      @Override
      public ObjectNode runStarted(Event.RunStarted started) {
        node.put("type", "run-started").put("steps", started.steps());
        ObjectNode phases = node.putObject("per_phase");
        new TreeMap<>(started.perPhase()).forEach((phase, n) -> phases.put(phase.label(), n));
        ObjectNode hosts = node.putObject("per_host");
        new TreeMap<>(started.perHost()).forEach(hosts::put);
        return node;
      }

      @Override
      public ObjectNode runFinished(Event.RunFinished finished) {
        return node.put("type", "run-finished").put("succeeded", finished.succeeded()).put("failed", finished.failed())
            .put("skipped", finished.skipped()).put("took_ms", finished.took().toMillis());
      }

      @Override
      public ObjectNode stepStarted(Event.StepStarted started) {
        return step(node, "step-started", started).put("attempt", started.attempt());
      }

      @Override
      public ObjectNode stepSucceeded(Event.StepSucceeded done) {
        return step(node, "step-succeeded", done).put("attempt", done.attempt()).put("took_ms", done.took().toMillis());
      }

      @Override
      public ObjectNode stepFailed(Event.StepFailed failed) {
        return step(node, "step-failed", failed).put("attempt", failed.attempt()).put("last", failed.last())
            .put("error", failed.error());
      }

      @Override
      public ObjectNode stepSkipped(Event.StepSkipped skipped) {
        return step(node, "step-skipped", skipped).put("failed_dependency", skipped.failedDependency().toString());
      }

      @Override
      public ObjectNode stage(Event.Stage stage) {
        return node.put("type", "stage").put("what", stage.what()).put("took_ms", stage.took().toMillis());
      }
    });
  }

  /**
   * The event a JSON form describes, as {@link #of} writes it (a stored history reads its engine
   * events back with this); {@link IllegalArgumentException} for anything else.
   */
  public static Event parse(JsonNode node) {
    Instant at = Instant.parse(node.path("at").asText());
    String type = node.path("type").asText();
    switch (type) {
      case "run-started": {
        Map<Phase, Integer> phases = new EnumMap<>(Phase.class);
        node.path("per_phase").fields().forEachRemaining(e -> phases.put(phase(e.getKey()), e.getValue().asInt()));
        Map<String, Integer> hosts = new TreeMap<>();
        node.path("per_host").fields().forEachRemaining(e -> hosts.put(e.getKey(), e.getValue().asInt()));
        return new Event.RunStarted(node.path("steps").asInt(), phases, hosts, at);
      }
      case "run-finished":
        return new Event.RunFinished(node.path("succeeded").asInt(), node.path("failed").asInt(),
            node.path("skipped").asInt(), Duration.ofMillis(node.path("took_ms").asLong()), at);
      case "step-started":
        return new Event.StepStarted(stepId(node), phase(node.path("phase").asText()), node.path("attempt").asInt(), at);
      case "step-succeeded":
        return new Event.StepSucceeded(stepId(node), phase(node.path("phase").asText()), node.path("attempt").asInt(),
            Duration.ofMillis(node.path("took_ms").asLong()), at);
      case "step-failed":
        return new Event.StepFailed(stepId(node), phase(node.path("phase").asText()), node.path("attempt").asInt(),
            node.path("last").asBoolean(), node.path("error").asText(), at);
      case "step-skipped": {
        String dependency = node.path("failed_dependency").asText();
        int slash = dependency.indexOf('/');
        return new Event.StepSkipped(stepId(node), phase(node.path("phase").asText()), slash < 0
            ? new StepId(StepId.CLUSTER, dependency) : new StepId(dependency.substring(0, slash),
            dependency.substring(slash + 1)), at);
      }
      case "stage":
        return new Event.Stage(node.path("what").asText(), Duration.ofMillis(node.path("took_ms").asLong()), at);
      default:
        throw new IllegalArgumentException("not an engine event: type \"" + type + "\"");
    }
  }

  private static StepId stepId(JsonNode node) {
    return new StepId(node.path("host").asText(), node.path("step").asText());
  }

  private static Phase phase(String label) {
    for (Phase phase : Phase.values()) {
      if (phase.label().equals(label)) {
        return phase;
      }
    }
    throw new IllegalArgumentException("not a phase: \"" + label + "\"");
  }

  public static String line(Event event) {
    return of(event).toString();
  }

  private static ObjectNode step(ObjectNode node, String type, Event.StepEvent event) {
    return node.put("type", type).put("host", event.step().host()).put("step", event.step().name())
        .put("phase", event.phase().label());
  }
}
