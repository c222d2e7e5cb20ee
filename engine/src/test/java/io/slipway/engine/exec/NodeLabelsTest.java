package io.slipway.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.engine.config.NodeConfig.Taint;
import io.slipway.engine.plan.Phase;
import io.slipway.engine.plan.Step;
import io.slipway.engine.plan.StepId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The merge patch that reconciles a Node object's labels and taints, worked out from the object alone. */
class NodeLabelsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aFreshNodeGetsTheLabelsAndTaintsAndTheRecordOfThem() throws Exception {
    ObjectNode patch = NodeLabels.patch(node("{}", "[]", "{}"), step(Map.of("zone", "a"),
        List.of(new Taint("dedicated", "gpu", "NoSchedule"))));
    assertThat(patch.toString()).isEqualTo("{\"metadata\":{\"resourceVersion\":\"7\",\"labels\":{\"zone\":\"a\"},"
        + "\"annotations\":{\"slipway.io/labels\":\"zone\",\"slipway.io/taints\":\"dedicated:NoSchedule\"}},"
        + "\"spec\":{\"taints\":[{\"key\":\"dedicated\",\"effect\":\"NoSchedule\",\"value\":\"gpu\"}]}}");
  }

  @Test
  void aNodeThatCarriesWhatItShouldNeedsNoPatch() throws Exception {
    JsonNode node = node("{\"zone\":\"a\",\"other\":\"x\"}",
        "[{\"key\":\"dedicated\",\"value\":\"gpu\",\"effect\":\"NoSchedule\"},{\"key\":\"node.kubernetes.io/not-ready\","
            + "\"effect\":\"NoExecute\"}]",
        "{\"slipway.io/labels\":\"zone\",\"slipway.io/taints\":\"dedicated:NoSchedule\"}");
    assertThat(NodeLabels.patch(node, step(Map.of("zone", "a"), List.of(new Taint("dedicated", "gpu", "NoSchedule")))))
        .isNull();
  }

  @Test
  void whatTheFileDroppedIsTakenAwayAndWhatOthersSetIsKept() throws Exception {
    JsonNode node = node("{\"zone\":\"a\",\"tier\":\"web\",\"other\":\"x\"}",
        "[{\"key\":\"dedicated\",\"value\":\"gpu\",\"effect\":\"NoSchedule\"},{\"key\":\"node.kubernetes.io/not-ready\","
            + "\"effect\":\"NoExecute\"}]",
        "{\"slipway.io/labels\":\"tier,zone\",\"slipway.io/taints\":\"dedicated:NoSchedule\"}");
    ObjectNode patch = NodeLabels.patch(node, step(Map.of("zone", "b"), List.of()));
    assertThat(patch.path("metadata").path("labels").toString()).isEqualTo("{\"zone\":\"b\",\"tier\":null}");
    assertThat(patch.path("spec").path("taints").toString())
        .isEqualTo("[{\"key\":\"node.kubernetes.io/not-ready\",\"effect\":\"NoExecute\"}]");
    assertThat(patch.path("metadata").path("annotations").toString())
        .isEqualTo("{\"slipway.io/labels\":\"zone\",\"slipway.io/taints\":\"\"}");
  }

  @Test
  void aChangedTaintValueReplacesTheTaint() throws Exception {
    JsonNode node = node("{}", "[{\"key\":\"dedicated\",\"value\":\"gpu\",\"effect\":\"NoSchedule\"}]",
        "{\"slipway.io/labels\":\"\",\"slipway.io/taints\":\"dedicated:NoSchedule\"}");
    ObjectNode patch = NodeLabels.patch(node, step(Map.of(), List.of(new Taint("dedicated", "db", "NoSchedule"))));
    assertThat(patch.path("spec").path("taints").toString())
        .isEqualTo("[{\"key\":\"dedicated\",\"effect\":\"NoSchedule\",\"value\":\"db\"}]");
    assertThat(patch.path("metadata").has("annotations")).as("the same keys are managed").isFalse();
  }

  private static Step.LabelNode step(Map<String, String> labels, List<Taint> taints) {
    return new Step.LabelNode(new StepId("master-1", "label-node:worker-1"), Phase.WORKER, "worker-1", labels, taints);
  }

  private static JsonNode node(String labels, String taints, String annotations) throws Exception {
    return JSON.readTree("{\"metadata\":{\"name\":\"worker-1\",\"resourceVersion\":\"7\",\"labels\":" + labels
        + ",\"annotations\":" + annotations + "},\"spec\":{\"taints\":" + taints + "}}");
  }
}
