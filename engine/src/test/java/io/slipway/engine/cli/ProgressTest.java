package io.slipway.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.Strictness;
import io.slipway.engine.event.Event;
import io.slipway.engine.event.EventJson;
import io.slipway.engine.event.EventSink;
import io.slipway.engine.exec.Executor;
import io.slipway.engine.exec.ExecutorSettings;
import io.slipway.engine.plan.Phase;
import io.slipway.engine.plan.Plan;
import io.slipway.engine.plan.Planner;
import io.slipway.engine.state.ClusterState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The three ways a run is shown, fed by the real executor over the reference plan (no host touched). */
class ProgressTest {

  private final Plan plan = Planner.plan(
      ConfigLoader.load(Path.of("../examples/reference-cluster.yml"), Strictness.STRICT).config(), ClusterState.EMPTY);

  private String run(Function<PrintWriter, EventSink> sink, String failing) {
    StringWriter text = new StringWriter();
    EventSink events = sink.apply(new PrintWriter(text));
    new Executor(ExecutorSettings.defaults(), step -> {
      if (step.id().toString().equals(failing)) {
        throw new IllegalStateException("image not found");
      }
    }, events, Clock.systemUTC()).execute(plan);
    return text.toString();
  }

  @Test
  void jsonIsOneParseableEventPerLineFromRunStartedToRunFinished() throws Exception {
    List<String> lines = run(out -> new LineProgress(out, EventJson::line), "worker-1/kubelet").lines().toList();
    ObjectMapper json = new ObjectMapper();
    JsonNode first = json.readTree(lines.get(0));
    JsonNode last = json.readTree(lines.get(lines.size() - 1));
    assertThat(first.get("type").asText()).isEqualTo("run-started");
    assertThat(first.get("steps").asInt()).isEqualTo(plan.steps().size());
    assertThat(first.get("per_host").get("worker-1").asInt()).isPositive();
    assertThat(last.get("type").asText()).isEqualTo("run-finished");
    assertThat(last.get("failed").asInt()).isEqualTo(1);
    JsonNode failure = lines.stream().map(line -> read(json, line))
        .filter(e -> e.get("type").asText().equals("step-failed") && e.get("last").asBoolean()).findFirst().orElseThrow();
    assertThat(failure.get("host").asText()).isEqualTo("worker-1");
    assertThat(failure.get("step").asText()).isEqualTo("kubelet");
    assertThat(failure.get("phase").asText()).isEqualTo("worker");
    assertThat(failure.get("error").asText()).contains("image not found");
  }

  @Test
  void plainLinesNameEveryStepWithPhaseAndHost() {
    String text = run(out -> new LineProgress(out, PlainProgress::line), "worker-2/kube-proxy");
    assertThat(text).startsWith("plan: " + plan.steps().size() + " steps on 8 hosts");
    assertThat(text).contains("[etcd] master-1: etcd ok").contains("[worker] worker-2: kube-proxy FAILED (attempt 2, "
        + "giving up): image not found");
    assertThat(text).doesNotContain("\u001b[");
  }

  @Test
  void theLiveDisplayRedrawsInPlaceAndEndsWithEveryPhaseComplete() {
    String text = run(LiveProgress::new, "none");
    assertThat(text).contains("\u001b[");
    String lastFrame = text.substring(text.lastIndexOf("\u001b[J") + 3);
    for (var phase : Phase.values()) {
      long total = plan.steps().stream().filter(s -> s.phase() == phase).count();
      if (total == 0) {
        assertThat(lastFrame).as("a phase without steps is not drawn").doesNotContain(phase.label());
        continue;
      }
      assertThat(lastFrame).containsPattern(phase.label() + "\\s+\\[#{24}\\]\\s+" + total + "/" + total);
    }
  }

  @Test
  void theStagesBeforeThePlanAreSaidInEveryForm() {
    Event stage = new Event.Stage("connected to 7 hosts", java.time.Duration.ofMillis(1234), java.time.Instant.now());
    assertThat(PlainProgress.line(stage)).isEqualTo("connected to 7 hosts (1.2 s)");
    StringWriter live = new StringWriter();
    new LiveProgress(new PrintWriter(live)).accept(stage);
    assertThat(live.toString()).startsWith("connected to 7 hosts (1.2 s)" + System.lineSeparator());
    assertThat(EventJson.line(stage)).contains("\"type\":\"stage\",\"what\":\"connected to 7 hosts\","
        + "\"took_ms\":1234");
  }

  private static JsonNode read(ObjectMapper json, String line) {
    try {
      return json.readTree(line);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }
}
