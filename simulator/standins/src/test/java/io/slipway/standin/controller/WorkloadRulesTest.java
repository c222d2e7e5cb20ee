package io.slipway.standin.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

/** The arithmetic and matching rules the workload controllers share, as Kubernetes defines them. */
class WorkloadRulesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void maxSurgeRoundsUpAndMaxUnavailableDown() {
    assertThat(Owned.scaled(new TextNode("25%"), 10, true)).isEqualTo(3);
    assertThat(Owned.scaled(new TextNode("25%"), 10, false)).isEqualTo(2);
    assertThat(Owned.scaled(new TextNode("25%"), 3, false)).isZero();
    assertThat(Owned.scaled(new IntNode(2), 10, true)).isEqualTo(2);
    assertThat(Owned.scaled(JSON.missingNode(), 10, true)).isZero();
  }

  @Test
  void aTemplateHashesTheSameWhateverTheOrderOfItsFields() throws Exception {
    String hash = Owned.templateHash(json("{\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":"
        + "[{\"name\":\"web\",\"image\":\"nginx:1.14\"}]}}"));
    assertThat(Owned.templateHash(json("{\"spec\":{\"containers\":[{\"image\":\"nginx:1.14\",\"name\":\"web\"}]},"
        + "\"metadata\":{\"labels\":{\"app\":\"web\"}}}"))).isEqualTo(hash);
    assertThat(Owned.templateHash(json("{\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":"
        + "[{\"name\":\"web\",\"image\":\"nginx:1.15\"}]}}"))).isNotEqualTo(hash).matches("[bcdfghjklmnpqrstvwxz2456789]{10}");
  }

  @Test
  void aDaemonSetIsMeantForNodesItsSelectorMatchesAndWhoseTaintsItTolerates() throws Exception {
    JsonNode template = json("{\"spec\":{\"nodeSelector\":{\"pool\":\"a\"}}}");
    JsonNode tolerating = json("{\"spec\":{\"nodeSelector\":{\"pool\":\"a\"},\"tolerations\":[{\"key\":\"dedicated\","
        + "\"operator\":\"Exists\"}]}}");
    JsonNode plain = json("{\"metadata\":{\"labels\":{\"pool\":\"a\"}}}");
    JsonNode otherPool = json("{\"metadata\":{\"labels\":{\"pool\":\"b\"}}}");
    JsonNode dedicated = json("{\"metadata\":{\"labels\":{\"pool\":\"a\"}},\"spec\":{\"taints\":[{\"key\":\"dedicated\","
        + "\"value\":\"x\",\"effect\":\"NoSchedule\"}]}}");
    JsonNode cordonedUnreachable = json("{\"metadata\":{\"labels\":{\"pool\":\"a\"}},\"spec\":{\"unschedulable\":true,"
        + "\"taints\":[{\"key\":\"node.kubernetes.io/unreachable\",\"effect\":\"NoExecute\"}]}}");
    assertThat(DaemonSetController.meantFor(template, plain, false)).isTrue();
    assertThat(DaemonSetController.meantFor(template, otherPool, false)).isFalse();
    assertThat(DaemonSetController.meantFor(template, dedicated, false)).isFalse();
    assertThat(DaemonSetController.meantFor(template, dedicated, true)).as("a running pod stays through NoSchedule")
        .isTrue();
    assertThat(DaemonSetController.meantFor(tolerating, dedicated, false)).isTrue();
    assertThat(DaemonSetController.meantFor(template, cordonedUnreachable, false)).as("a DaemonSet stays through these")
        .isTrue();
  }
}
