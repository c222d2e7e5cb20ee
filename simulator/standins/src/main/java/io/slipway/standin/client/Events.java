package io.slipway.standin.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Events as the components record them ({@code kubectl describe}, {@code kubectl get events}):
 * one Event per object and reason, its count and last timestamp raised when it happens again,
 * as client-go's event correlator folds repeats together.
 */
public final class Events {

  private final KubeClient client;
  private final String component;
  private final String host;
  private final Clock clock;

  /** @param host the node the component runs on, or null (the scheduler, the controller-manager) */
  public Events(KubeClient client, String component, String host, Clock clock) {
    this.client = client;
    this.component = component;
    this.host = host;
    this.clock = clock;
  }

  /** A Normal event about {@code object}. */
  public void normal(JsonNode object, String reason, String message) {
    record(object, "Normal", reason, message);
  }

  /** A Warning event about {@code object}. */
  public void warning(JsonNode object, String reason, String message) {
    record(object, "Warning", reason, message);
  }

  /** Records the event; a failure to (etcd away) is left to the caller's next pass, never thrown. */
  public void record(JsonNode object, String type, String reason, String message) {
    JsonNode metadata = object.path("metadata");
    String namespace = metadata.path("namespace").asText("default");
    String name = metadata.path("name").asText() + "." + reason.toLowerCase(Locale.ROOT);
    String path = "/api/v1/namespaces/" + namespace + "/events/" + name;
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    try {
      var existing = client.get(path);
      if (existing.isPresent()) {
        ObjectNode event = existing.get();
        event.put("count", event.path("count").asInt(1) + 1).put("lastTimestamp", now).put("message", message);
        client.update(path, event);
        return;
      }
      ObjectNode event = client.json().createObjectNode().put("apiVersion", "v1").put("kind", "Event");
      event.putObject("metadata").put("name", name).put("namespace", namespace);
      event.putObject("involvedObject").put("kind", object.path("kind").asText("Pod"))
          .put("name", metadata.path("name").asText()).put("namespace", namespace)
          .put("uid", metadata.path("uid").asText()).put("apiVersion", object.path("apiVersion").asText("v1"));
      event.put("reason", reason).put("message", message).put("type", type).put("count", 1)
          .put("firstTimestamp", now).put("lastTimestamp", now);
      ObjectNode source = event.putObject("source").put("component", component);
      if (host != null) {
        source.put("host", host);
      }
      client.create("/api/v1/namespaces/" + namespace + "/events", event);
    } catch (RuntimeException e) {
      // an event is a courtesy: losing one must not stop the work it describes
    }
  }
}
