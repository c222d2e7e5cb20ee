package io.slipway.standin.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The kubelet's pure rules: images, container settings, back-off, and pod status from what the engine holds. */
class PodRulesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

  static JsonNode pod(String spec) {
    try {
      return JSON.readTree("{\"metadata\":{\"name\":\"web-1\",\"namespace\":\"default\",\"uid\":\"u1\"},\"spec\":"
          + spec + "}");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static ObservedContainer container(String name, int attempt, ObservedContainer.State state, int exit) {
    return new ObservedContainer(name + attempt, "u1", "web-1", "default", name, attempt, state, exit, false, "",
        Optional.of(T0.plusSeconds(attempt * 10L)), state == ObservedContainer.State.EXITED
        ? Optional.of(T0.plusSeconds(attempt * 10L + 5)) : Optional.empty(), name.equals("POD") ? "172.17.0.5" : "",
        "sha256:abc", 30, false);
  }

  static JsonNode status(JsonNode pod, List<ObservedContainer> observed, Map<String, PodStatuses.Waiting> waiting) {
    return PodStatuses.of(pod, new PodStatuses.Inputs(observed, waiting, Map.of(), "10.1.0.21", T0));
  }

  @Test
  void imagesTheRegistryDoesNotServeRunAsTheWorkloadImage() {
    ImageMap map = new ImageMap(Optional.of("10.99.0.2:5000/slipway/workload:ab12"));
    assertThat(map.resolve("nginx:1.19", image -> false)).isEqualTo("10.99.0.2:5000/slipway/workload:ab12");
    assertThat(map.resolve("docker.io/library/busybox", image -> false))
        .isEqualTo("10.99.0.2:5000/slipway/workload:ab12");
    assertThat(map.resolve("10.99.0.2:5000/slipway/components:cd34", image -> false))
        .as("served by the fleet registry").isEqualTo("10.99.0.2:5000/slipway/components:cd34");
    assertThat(map.resolve("local/tool:1", "local/tool:1"::equals)).as("held by the node's engine")
        .isEqualTo("local/tool:1");
    assertThat(new ImageMap(Optional.empty()).resolve("nginx:1.19", image -> false)).isEqualTo("nginx:1.19");
  }

  @Test
  void commandArgsEnvAndResourcesBecomeDockerSettings() {
    JsonNode pod = pod("{\"nodeName\":\"worker-1\",\"containers\":[{\"name\":\"app\",\"image\":\"busybox\","
        + "\"command\":[\"sh\",\"-c\"],\"args\":[\"echo $POD\"],\"env\":[{\"name\":\"A\",\"value\":\"1\"},"
        + "{\"name\":\"POD\",\"valueFrom\":{\"fieldRef\":{\"fieldPath\":\"metadata.name\"}}}],"
        + "\"resources\":{\"limits\":{\"cpu\":\"500m\",\"memory\":\"64Mi\"},\"requests\":{\"cpu\":\"250m\"}}}]}");
    ContainerConfig config = ContainerConfig.of(pod, pod.path("spec").path("containers").get(0));
    assertThat(config.entrypoint()).containsExactly("sh", "-c");
    assertThat(config.cmd()).containsExactly("echo $POD");
    assertThat(config.env()).containsExactly("A=1", "POD=web-1");
    assertThat(config.memoryBytes()).isEqualTo(64L << 20);
    assertThat(config.nanoCpus()).isEqualTo(500_000_000L);
    assertThat(config.cpuShares()).isEqualTo(256);
    assertThat(config.pullPolicy()).as("no tag: Always").isEqualTo("Always");
  }

  @Test
  void theCrashBackOffDoublesFromTenSecondsToFiveMinutes() {
    assertThat(PodWorkers.backoff(0)).isZero();
    assertThat(PodWorkers.backoff(1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(PodWorkers.backoff(2)).isEqualTo(Duration.ofSeconds(20));
    assertThat(PodWorkers.backoff(5)).isEqualTo(Duration.ofSeconds(160));
    assertThat(PodWorkers.backoff(9)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aPodIsPendingUntilItsContainersRunThenRunningWithTheSandboxAddress() {
    JsonNode pod = pod("{\"containers\":[{\"name\":\"app\",\"image\":\"nginx\"}]}");
    JsonNode creating = status(pod, List.of(container("POD", 0, ObservedContainer.State.RUNNING, 0)), Map.of());
    assertThat(creating.path("phase").asText()).isEqualTo("Pending");
    assertThat(creating.path("containerStatuses").get(0).path("state").path("waiting").path("reason").asText())
        .isEqualTo("ContainerCreating");

    JsonNode running = status(pod, List.of(container("POD", 0, ObservedContainer.State.RUNNING, 0),
        container("app", 0, ObservedContainer.State.RUNNING, 0)), Map.of());
    assertThat(running.path("phase").asText()).isEqualTo("Running");
    assertThat(running.path("podIP").asText()).isEqualTo("172.17.0.5");
    assertThat(running.path("hostIP").asText()).isEqualTo("10.1.0.21");
    assertThat(running.path("containerStatuses").get(0).path("ready").asBoolean()).isTrue();
    assertThat(running.path("conditions").findValuesAsText("status")).containsOnly("True");
  }

  @Test
  void aCrashingContainerIsInBackOffWithItsLastTerminationAndRestartCount() {
    JsonNode pod = pod("{\"containers\":[{\"name\":\"app\",\"image\":\"busybox\"}]}");
    JsonNode status = status(pod, List.of(container("POD", 0, ObservedContainer.State.RUNNING, 0),
            container("app", 2, ObservedContainer.State.EXITED, 1)),
        Map.of("app", new PodStatuses.Waiting("CrashLoopBackOff", "back-off 20s restarting failed container")));
    JsonNode app = status.path("containerStatuses").get(0);
    assertThat(status.path("phase").asText()).isEqualTo("Running");
    assertThat(app.path("state").path("waiting").path("reason").asText()).isEqualTo("CrashLoopBackOff");
    assertThat(app.path("lastState").path("terminated").path("exitCode").asInt()).isEqualTo(1);
    assertThat(app.path("lastState").path("terminated").path("reason").asText()).isEqualTo("Error");
    assertThat(app.path("restartCount").asInt()).isEqualTo(2);
    assertThat(app.path("ready").asBoolean()).isFalse();
    assertThat(status.path("conditions").get(1).path("status").asText()).as("Ready").isEqualTo("False");
  }

  @Test
  void aPodWhosePolicyRestartsItsEndedContainersStaysRunning() {
    JsonNode always = pod("{\"containers\":[{\"name\":\"a\",\"image\":\"x\"}]}");
    List<ObservedContainer> crashed = List.of(container("POD", 0, ObservedContainer.State.RUNNING, 0),
        container("a", 0, ObservedContainer.State.EXITED, 3));
    assertThat(status(always, crashed, Map.of()).path("phase").asText()).isEqualTo("Running");
    JsonNode onFailure = pod("{\"restartPolicy\":\"OnFailure\",\"containers\":[{\"name\":\"a\",\"image\":\"x\"}]}");
    assertThat(status(onFailure, crashed, Map.of()).path("phase").asText()).isEqualTo("Running");
  }

  @Test
  void podsThatEndForGoodSucceedOrFail() {
    JsonNode never = pod("{\"restartPolicy\":\"Never\",\"containers\":[{\"name\":\"a\",\"image\":\"x\"},"
        + "{\"name\":\"b\",\"image\":\"x\"}]}");
    assertThat(status(never, List.of(container("POD", 0, ObservedContainer.State.EXITED, 0),
        container("a", 0, ObservedContainer.State.EXITED, 0), container("b", 0, ObservedContainer.State.EXITED, 0)),
        Map.of()).path("phase").asText()).isEqualTo("Succeeded");
    JsonNode failed = status(never, List.of(container("a", 0, ObservedContainer.State.EXITED, 0),
        container("b", 0, ObservedContainer.State.EXITED, 3)), Map.of());
    assertThat(failed.path("phase").asText()).isEqualTo("Failed");
    assertThat(failed.path("containerStatuses").get(1).path("state").path("terminated").path("exitCode").asInt())
        .isEqualTo(3);
  }

  @Test
  void initContainersHoldThePodInPendingUntilTheyHaveSucceeded() {
    JsonNode pod = pod("{\"initContainers\":[{\"name\":\"init\",\"image\":\"x\"}],"
        + "\"containers\":[{\"name\":\"app\",\"image\":\"x\"}]}");
    JsonNode initializing = status(pod, List.of(container("POD", 0, ObservedContainer.State.RUNNING, 0),
        container("init", 0, ObservedContainer.State.RUNNING, 0)), Map.of());
    assertThat(initializing.path("phase").asText()).isEqualTo("Pending");
    assertThat(initializing.path("conditions").get(0).path("status").asText()).as("Initialized").isEqualTo("False");
    assertThat(initializing.path("containerStatuses").get(0).path("state").path("waiting").path("reason").asText())
        .isEqualTo("PodInitializing");
    JsonNode started = status(pod, List.of(container("POD", 0, ObservedContainer.State.RUNNING, 0),
        container("init", 0, ObservedContainer.State.EXITED, 0), container("app", 0, ObservedContainer.State.RUNNING, 0)),
        Map.of());
    assertThat(started.path("phase").asText()).isEqualTo("Running");
    assertThat(started.path("initContainerStatuses").get(0).path("state").path("terminated").path("reason").asText())
        .isEqualTo("Completed");
  }

  @Test
  void theQosClassFollowsRequestsAndLimits() {
    assertThat(PodStatuses.qos(pod("{\"containers\":[{\"name\":\"a\"}]}").path("spec"))).isEqualTo("BestEffort");
    assertThat(PodStatuses.qos(pod("{\"containers\":[{\"name\":\"a\",\"resources\":{\"limits\":{\"cpu\":\"1\","
        + "\"memory\":\"1Gi\"}}}]}").path("spec"))).isEqualTo("Guaranteed");
    assertThat(PodStatuses.qos(pod("{\"containers\":[{\"name\":\"a\",\"resources\":{\"requests\":{\"cpu\":\"1\"}}}]}")
        .path("spec"))).isEqualTo("Burstable");
  }
}
