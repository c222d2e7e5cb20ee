package io.slipway.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.DockerClient;
import io.slipway.engine.host.CommandResult;
import io.slipway.engine.host.Host;
import io.slipway.engine.host.HostAddress;
import io.slipway.engine.host.HttpResult;
import io.slipway.engine.plan.DrainSettings;
import io.slipway.engine.plan.Phase;
import io.slipway.engine.plan.Step;
import io.slipway.engine.plan.StepId;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * Cordon, drain and uncordon against an apiserver stand-in of this test (a host whose HTTP calls
 * land in a map of objects): what the upgrade takes it gives back, and only that.
 */
class NodeSchedulingTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A host whose apiserver holds one node and some pods; eviction answers 404 (no Eviction API) when asked. */
  private static final class Apiserver extends HttpOnlyHost {
    final ObjectNode node;
    final Map<String, ObjectNode> pods = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();
    boolean eviction = true;

    Apiserver(boolean unschedulable, String annotations) throws Exception {
      super("w1", "10.0.0.2");
      node = (ObjectNode) JSON.readTree("{\"metadata\":{\"name\":\"w1\",\"annotations\":" + annotations + "},"
          + "\"spec\":{\"unschedulable\":" + unschedulable + "},\"status\":{\"conditions\":[{\"type\":\"Ready\","
          + "\"status\":\"True\"}]}}");
    }

    void pod(String name, String owner, boolean emptyDir) throws Exception {
      pods.put(name, (ObjectNode) JSON.readTree("{\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"default\""
          + (owner == null ? "" : ",\"ownerReferences\":[{\"kind\":\"" + owner + "\"}]") + "},\"spec\":{\"nodeName\":"
          + "\"w1\"" + (emptyDir ? ",\"volumes\":[{\"name\":\"scratch\",\"emptyDir\":{}}]" : "") + "}}"));
    }

    @Override
    public HttpResult http(String method, URI url, SSLContext tls, Duration timeout, String contentType, String body) {
      String path = url.getPath();
      calls.add(method + " " + path);
      if (path.equals("/api/v1/nodes/w1")) {
        if (method.equals("PATCH")) {
          JsonNode patch = read(body);
          ObjectNode annotations = node.with("metadata").with("annotations");
          patch.path("metadata").path("annotations").fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
              annotations.remove(e.getKey());
            } else {
              annotations.set(e.getKey(), e.getValue());
            }
          });
          node.with("spec").put("unschedulable", patch.path("spec").path("unschedulable").asBoolean());
        }
        return new HttpResult(200, node.toString());
      }
      if (path.equals("/api/v1/pods")) {
        ObjectNode list = JSON.createObjectNode();
        pods.values().forEach(list.withArray("items")::add);
        return new HttpResult(200, list.toString());
      }
      String name = path.replaceFirst("^/api/v1/namespaces/default/pods/", "").replaceFirst("/eviction$", "");
      if (path.endsWith("/eviction") && !eviction) {
        return new HttpResult(404, "{\"kind\":\"Status\",\"code\":404}");
      }
      if (path.endsWith("/eviction") || method.equals("DELETE")) {
        return new HttpResult(pods.remove(name) != null ? 201 : 404, "{}");
      }
      return new HttpResult(pods.containsKey(name) ? 200 : 404, "{}");
    }

    private static JsonNode read(String body) {
      try {
        return JSON.readTree(body);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static final DrainSettings DEFAULTS = DrainSettings.of(null, 13);

  private static Step.Cordon cordon(DrainSettings drain) {
    return new Step.Cordon(new StepId("w1", "cordon"), Phase.WORKER, "w1", drain);
  }

  private static final Step.Uncordon UNCORDON = new Step.Uncordon(new StepId("w1", "uncordon"), Phase.WORKER, "w1");

  @Test
  void theUpgradeCordonsMarksItsCordonAndGivesItBackOnceReady() throws Exception {
    Apiserver api = new Apiserver(false, "{}");
    NodeScheduling scheduling = new NodeScheduling(api, null, Duration.ofSeconds(1));
    assertThat(scheduling.cordon(cordon(null))).get().extracting(Change::describe)
        .isEqualTo("node w1: cordoned for the upgrade");
    assertThat(api.node.path("spec").path("unschedulable").asBoolean()).isTrue();
    assertThat(api.node.path("metadata").path("annotations").has(NodeScheduling.CORDONED)).isTrue();
    assertThat(scheduling.cordon(cordon(null))).as("a re-run finds its own cordon").isPresent();
    assertThat(scheduling.uncordon(UNCORDON)).get().extracting(Change::describe).isEqualTo("node w1: uncordoned, Ready");
    assertThat(api.node.path("spec").path("unschedulable").asBoolean()).isFalse();
    assertThat(api.node.path("metadata").path("annotations").has(NodeScheduling.CORDONED)).isFalse();
  }

  @Test
  void aNodeSomeoneElseCordonedStaysCordoned() throws Exception {
    Apiserver api = new Apiserver(true, "{}");
    NodeScheduling scheduling = new NodeScheduling(api, null, Duration.ofSeconds(1));
    assertThat(scheduling.cordon(cordon(DEFAULTS))).isEmpty();
    assertThat(scheduling.uncordon(UNCORDON)).isEmpty();
    assertThat(api.node.path("spec").path("unschedulable").asBoolean()).isTrue();
    assertThat(api.calls).noneMatch(call -> call.startsWith("PATCH"));
  }

  @Test
  void theDrainEvictsWhatTheSettingsAllowFallingBackToDeleteAndLeavesDaemonSetPods() throws Exception {
    Apiserver api = new Apiserver(false, "{}");
    api.pod("web-1", "ReplicaSet", false);
    api.pod("logs", "DaemonSet", false);
    api.eviction = false;
    assertThat(new NodeScheduling(api, null, Duration.ofSeconds(1)).cordon(cordon(DEFAULTS))).get()
        .extracting(Change::describe).isEqualTo("node w1: cordoned and drained for the upgrade (1 pods evicted)");
    assertThat(api.pods).containsOnlyKeys("logs");
    assertThat(api.calls).contains("POST /api/v1/namespaces/default/pods/web-1/eviction",
        "DELETE /api/v1/namespaces/default/pods/web-1");
  }

  @Test
  void podsTheSettingsDoNotAllowStopTheDrainNamingWhatToSet() throws Exception {
    Apiserver api = new Apiserver(false, "{}");
    api.pod("bare", null, false);
    api.pod("cache", "ReplicaSet", true);
    assertThatThrownBy(() -> new NodeScheduling(api, null, Duration.ofSeconds(1)).cordon(cordon(DEFAULTS)))
        .hasMessageContaining("cannot drain node w1: default/bare (no controller; set force), default/cache (local "
            + "data in emptyDir; set delete_local_data)").hasMessageContaining("stays cordoned");
    assertThat(api.pods).as("nothing evicted").hasSize(2);
  }
}
