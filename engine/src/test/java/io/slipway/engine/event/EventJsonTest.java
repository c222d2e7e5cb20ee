package io.slipway.engine.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.slipway.engine.plan.Phase;
import io.slipway.engine.plan.StepId;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class EventJsonTest {

  private static final Instant AT = Instant.parse("2026-12-01T09:00:00.123Z");
  private static final StepId KUBELET = new StepId("worker-1", "kubelet");

  @Test
  void everyKindOfEventReadsBackAsItWasWritten() {
    List<Event> oneOfEach = List.of(
        new Event.RunStarted(12, Map.of(Phase.ETCD, 4, Phase.WORKER, 8), Map.of("worker-1", 12), AT),
        new Event.RunFinished(11, 1, 0, Duration.ofMillis(4200), AT),
        new Event.StepStarted(KUBELET, Phase.WORKER, 1, AT),
        new Event.StepSucceeded(KUBELET, Phase.WORKER, 2, Duration.ofMillis(812), AT),
        new Event.StepFailed(KUBELET, Phase.WORKER, 3, true, "refused", AT),
        new Event.StepSkipped(KUBELET, Phase.WORKER, new StepId("master-1", "kube-apiserver/health"), AT),
        new Event.Stage("connected to 7 hosts", Duration.ofMillis(1200), AT));
    assertThat(oneOfEach.stream().map(Object::getClass).collect(Collectors.toSet()))
        .as("the list covers every kind of event").isEqualTo(Set.copyOf(Arrays.asList(Event.class
            .getPermittedSubclasses()).stream().flatMap(c -> c.isInterface() ? Arrays.stream(c.getPermittedSubclasses())
            : Stream.of(c)).toList()));
    for (Event event : oneOfEach) {
      assertThat(EventJson.parse(EventJson.of(event))).isEqualTo(event);
    }
    assertThat(EventJson.line(oneOfEach.get(3))).isEqualTo("{\"at\":\"2026-12-01T09:00:00.123Z\",\"type\":"
        + "\"step-succeeded\",\"host\":\"worker-1\",\"step\":\"kubelet\",\"phase\":\"worker\",\"attempt\":2,"
        + "\"took_ms\":812}");
  }

  @Test
  void somethingElseIsRefused() {
    assertThat(catchThrowable(() -> EventJson.parse(JsonNodeFactory.instance.objectNode()
        .put("at", AT.toString()).put("type", "lunch")))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lunch");
  }
}
