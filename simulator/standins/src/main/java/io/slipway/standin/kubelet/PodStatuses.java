package io.slipway.standin.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.standin.NodeClock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pod's status from what its node's engine holds, as the kubelet computes it: a state per
 * container (waiting with a reason, running, or terminated with its exit code), its last state,
 * restart count and readiness; the phase (Pending while a container has never run, Running,
 * then Succeeded or Failed once every container ended for good); the conditions; the pod's IP
 * (its sandbox's, or the node's with host networking). Pure: the caller observes, this decides.
 */
final class PodStatuses {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** Why a container is not running, when the engine cannot say (pulling, a failed create or start, a back-off). */
  record Waiting(String reason, String message) {
  }

  /** What the status is computed from besides the pod itself. */
  record Inputs(List<ObservedContainer> observed, Map<String, Waiting> waiting, Map<String, Boolean> ready,
      String nodeAddress, Instant startTime) {
  }

  private PodStatuses() {
  }

  static ObjectNode of(JsonNode pod, Inputs in) {
    JsonNode spec = pod.path("spec");
    String policy = spec.path("restartPolicy").asText("Always");
    ObjectNode status = F.objectNode();
    ArrayNode initStatuses = F.arrayNode();
    boolean initialized = true;
    for (JsonNode container : spec.path("initContainers")) {
      ObjectNode s = containerStatus(container, in, true);
      initStatuses.add(s);
      initialized &= s.path("state").path("terminated").path("exitCode").asInt(-1) == 0;
    }
    ArrayNode statuses = F.arrayNode();
    int neverRan = 0;
    int running = 0;
    int restarting = 0;
    int failed = 0;
    for (JsonNode container : spec.path("containers")) {
      ObjectNode s = containerStatus(container, in, !initialized);
      statuses.add(s);
      JsonNode state = s.path("state");
      if (state.has("running")) {
        running++;
      } else if (state.has("waiting")) {
        if (s.path("lastState").has("terminated")) {
          restarting++;
        } else {
          neverRan++;
        }
      } else if (state.path("terminated").path("exitCode").asInt() != 0) {
        failed++;
      }
    }
    String phase;
    if (!initialized) {
      phase = initFailedForGood(initStatuses, policy) ? "Failed" : "Pending";
    } else if (neverRan > 0) {
      phase = "Pending";
    } else if (running > 0 || restarting > 0) {
      phase = "Running";
    } else if (policy.equals("Always") || (policy.equals("OnFailure") && failed > 0)) {
      phase = "Running";  // every container ended, and the policy restarts them
    } else {
      phase = failed > 0 ? "Failed" : "Succeeded";
    }
    boolean allReady = initialized && statuses.size() > 0;
    for (JsonNode s : statuses) {
      allReady &= s.path("ready").asBoolean();
    }
    status.put("phase", phase);
    ArrayNode conditions = status.putArray("conditions");
    JsonNode before = pod.path("status").path("conditions");
    condition(conditions, before, "Initialized", initialized);
    condition(conditions, before, "Ready", allReady);
    condition(conditions, before, "ContainersReady", allReady);
    condition(conditions, before, "PodScheduled", true);
    status.put("hostIP", in.nodeAddress());
    podIp(spec, in).ifPresent(ip -> status.put("podIP", ip).putArray("podIPs").addObject().put("ip", ip));
    status.put("startTime", second(in.startTime()));
    if (!initStatuses.isEmpty()) {
      status.set("initContainerStatuses", initStatuses);
    }
    status.set("containerStatuses", statuses);
    status.put("qosClass", qos(spec));
    return status;
  }

  private static boolean initFailedForGood(ArrayNode initStatuses, String policy) {
    if (!policy.equals("Never")) {
      return false;
    }
    for (JsonNode s : initStatuses) {
      if (s.path("state").path("terminated").path("exitCode").asInt(0) != 0) {
        return true;
      }
    }
    return false;
  }

  private static Optional<String> podIp(JsonNode spec, Inputs in) {
    if (spec.path("hostNetwork").asBoolean()) {
      return Optional.of(in.nodeAddress());
    }
    return latest(in.observed(), ObservedContainer.SANDBOX).filter(ObservedContainer::running)
        .map(ObservedContainer::ip).filter(ip -> !ip.isEmpty());
  }

  /** The latest instance of {@code container} (the highest attempt), if any was created. */
  static Optional<ObservedContainer> latest(List<ObservedContainer> observed, String container) {
    return observed.stream().filter(o -> o.container().equals(container))
        .max(Comparator.comparingInt(ObservedContainer::attempt));
  }

  /** @param initializing whether the pod's init containers have yet to succeed */
  private static ObjectNode containerStatus(JsonNode container, Inputs in, boolean initializing) {
    String name = container.path("name").asText();
    ObjectNode s = F.objectNode().put("name", name);
    Optional<ObservedContainer> latest = latest(in.observed(), name);
    Waiting waiting = in.waiting().get(name);
    ObjectNode state = s.putObject("state");
    ObjectNode lastState = F.objectNode();
    boolean ready = false;
    if (latest.isPresent() && latest.get().running()) {
      ObservedContainer c = latest.get();
      state.putObject("running").put("startedAt", second(c.startedAt().orElse(Instant.now(NodeClock.get()))));
      ready = in.ready().getOrDefault(c.id(), true);
      previous(in.observed(), name, c.attempt()).ifPresent(p -> lastState.set("terminated", terminated(p)));
    } else if (latest.isPresent() && latest.get().state() == ObservedContainer.State.EXITED && waiting == null) {
      state.set("terminated", terminated(latest.get()));
      previous(in.observed(), name, latest.get().attempt()).ifPresent(p -> lastState.set("terminated", terminated(p)));
    } else {
      Waiting w = waiting != null ? waiting : new Waiting(latest.isPresent() ? "CreateContainerError"
          : initializing ? "PodInitializing" : "ContainerCreating", latest.map(ObservedContainer::error).orElse(""));
      ObjectNode waitingNode = state.putObject("waiting").put("reason", w.reason());
      if (!w.message().isEmpty()) {
        waitingNode.put("message", w.message());
      }
      latest.filter(c -> c.state() == ObservedContainer.State.EXITED)
          .ifPresent(c -> lastState.set("terminated", terminated(c)));
    }
    s.set("lastState", lastState);
    s.put("ready", ready);
    s.put("restartCount", latest.map(ObservedContainer::attempt).orElse(0));
    s.put("image", container.path("image").asText());
    s.put("imageID", latest.map(c -> "docker-pullable://" + c.imageId()).orElse(""));
    latest.ifPresent(c -> s.put("containerID", "docker://" + c.id()));
    s.put("started", latest.map(ObservedContainer::running).orElse(false));
    return s;
  }

  private static Optional<ObservedContainer> previous(List<ObservedContainer> observed, String name, int attempt) {
    return observed.stream().filter(o -> o.container().equals(name) && o.attempt() < attempt)
        .max(Comparator.comparingInt(ObservedContainer::attempt));
  }

  private static ObjectNode terminated(ObservedContainer c) {
    String reason = c.oomKilled() ? "OOMKilled" : c.exitCode() == 0 ? "Completed" : c.neverStarted()
        ? "ContainerCannotRun" : "Error";
    ObjectNode t = F.objectNode().put("exitCode", c.exitCode()).put("reason", reason);
    if (!c.error().isEmpty()) {
      t.put("message", c.error());
    }
    c.startedAt().ifPresent(at -> t.put("startedAt", second(at)));
    c.finishedAt().ifPresent(at -> t.put("finishedAt", second(at)));
    t.put("containerID", "docker://" + c.id());
    return t;
  }

  /** A condition, keeping its transition time from {@code before} while its status stays the same. */
  private static void condition(ArrayNode conditions, JsonNode before, String type, boolean value) {
    String status = value ? "True" : "False";
    String since = second(Instant.now(NodeClock.get()));
    for (JsonNode old : before) {
      if (old.path("type").asText().equals(type) && old.path("status").asText().equals(status)
          && old.hasNonNull("lastTransitionTime")) {
        since = old.get("lastTransitionTime").asText();
      }
    }
    conditions.addObject().put("type", type).put("status", status).put("lastTransitionTime", since);
  }

  /** Guaranteed when every container limits CPU and memory equal to its requests, BestEffort with no resources, else Burstable. */
  static String qos(JsonNode spec) {
    boolean any = false;
    boolean guaranteed = true;
    for (JsonNode c : spec.path("containers")) {
      JsonNode limits = c.path("resources").path("limits");
      JsonNode requests = c.path("resources").path("requests");
      any |= limits.size() > 0 || requests.size() > 0;
      for (String r : new String[] {"cpu", "memory"}) {
        guaranteed &= limits.has(r) && (!requests.has(r) || requests.path(r).asText().equals(limits.path(r).asText()));
      }
    }
    return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
  }

  static String second(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
