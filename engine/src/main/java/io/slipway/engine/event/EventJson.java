package io.slipway.engine.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    });
  }

  public static String line(Event event) {
    return of(event).toString();
  }

  private static ObjectNode step(ObjectNode node, String type, Event.StepEvent event) {
    return node.put("type", type).put("host", event.step().host()).put("step", event.step().name())
        .put("phase", event.phase().label());
  }
}
