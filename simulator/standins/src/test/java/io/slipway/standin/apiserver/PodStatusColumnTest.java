package io.slipway.standin.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The STATUS column of {@code kubectl get pods}, as kubectl's own printer words it. */
class PodStatusColumnTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static String column(String pod) throws Exception {
    return Tables.podStatus(JSON.readTree(pod));
  }

  @Test
  void thePhaseUnlessAContainerWaitsOrEndedWithAReason() throws Exception {
    assertThat(column("{\"status\":{\"phase\":\"Pending\"}}")).isEqualTo("Pending");
    assertThat(column("{\"status\":{\"phase\":\"Pending\",\"containerStatuses\":[{\"state\":{\"waiting\":"
        + "{\"reason\":\"ContainerCreating\"}}}]}}")).isEqualTo("ContainerCreating");
    assertThat(column("{\"status\":{\"phase\":\"Running\",\"containerStatuses\":[{\"ready\":true,\"state\":"
        + "{\"running\":{}}}]}}")).isEqualTo("Running");
    assertThat(column("{\"status\":{\"phase\":\"Running\",\"containerStatuses\":[{\"state\":{\"waiting\":"
        + "{\"reason\":\"CrashLoopBackOff\"}}}]}}")).isEqualTo("CrashLoopBackOff");
    assertThat(column("{\"status\":{\"phase\":\"Succeeded\",\"containerStatuses\":[{\"state\":{\"terminated\":"
        + "{\"reason\":\"Completed\",\"exitCode\":0}}}]}}")).isEqualTo("Completed");
    assertThat(column("{\"status\":{\"phase\":\"Failed\",\"containerStatuses\":[{\"state\":{\"terminated\":"
        + "{\"exitCode\":137}}}]}}")).isEqualTo("ExitCode:137");
  }

  @Test
  void initContainersAtWorkShowTheirProgress() throws Exception {
    JsonNode twoInits = JSON.readTree("{\"spec\":{\"initContainers\":[{},{}]},\"status\":{\"phase\":\"Pending\","
        + "\"initContainerStatuses\":[{\"state\":{\"terminated\":{\"exitCode\":0}}},{\"state\":{\"running\":{}}}]}}");
    assertThat(Tables.podStatus(twoInits)).isEqualTo("Init:1/2");
    assertThat(column("{\"spec\":{\"initContainers\":[{}]},\"status\":{\"phase\":\"Pending\",\"initContainerStatuses\":"
        + "[{\"state\":{\"terminated\":{\"exitCode\":1,\"reason\":\"Error\"}}}]}}")).isEqualTo("Init:Error");
  }
}
