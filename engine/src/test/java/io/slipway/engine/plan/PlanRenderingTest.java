package io.slipway.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.Strictness;
import io.slipway.engine.plan.render.PlanDot;
import io.slipway.engine.plan.render.PlanJson;
import io.slipway.engine.plan.render.PlanText;
import io.slipway.engine.state.ClusterState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class PlanRenderingTest {

  private final Plan reference = Planner.plan(
      ConfigLoader.load(Path.of("../examples/reference-cluster.yml"), Strictness.STRICT).config(), ClusterState.EMPTY);

  @Test
  void everyKindOfStepHasAJsonForm() throws Exception {
    List<Step> oneOfEach = List.of(
        new Step.WriteFile(new StepId("h", "w"), Phase.PREPARE, "/f", 0600, new FileSource.Text("t")),
        new Step.PullImage(new StepId("h", "p"), Phase.PREPARE, "img"),
        new Step.RunContainer(new StepId("h", "r"), Phase.WORKER,
            ContainerSpec.component("c", "img", List.of(), List.of(), List.of(), false, false)),
        new Step.RemoveContainer(new StepId("h", "rm"), Phase.WORKER, ObservedContainer.recorded("c", "abc")),
        new Step.RemovePodContainers(new StepId("h", "rp"), Phase.WORKER),
        new Step.HealthCheck(new StepId("h", "hc"), Phase.WORKER, "c", "http://localhost/healthz", 1,
            Duration.ofSeconds(1)),
        new Step.EtcdMember(new StepId("h", "em"), Phase.ETCD, true, "etcd-n", "https://10.0.0.9:2380"),
        new Step.DeletePath(new StepId("h", "dp"), Phase.ETCD, "/var/lib/etcd"),
        new Step.DeleteNode(new StepId("h", "dn"), Phase.WORKER, "n"),
        new Step.LabelNode(new StepId("h", "ln"), Phase.WORKER, "n", java.util.Map.of("zone", "a"),
            List.of(new io.slipway.engine.config.NodeConfig.Taint("dedicated", "gpu", "NoSchedule"))),
        new Step.Cordon(new StepId("h", "co"), Phase.WORKER, "n", DrainSettings.of(null, 13)),
        new Step.Uncordon(new StepId("h", "un"), Phase.WORKER, "n"),
        new Step.DeployAddon(new StepId("h", "ad"), Phase.ADDONS, new Addon(Addon.USER, new Addon.Inline("kind: List")),
            "n", "rancher/hyperkube:v1.30.5-rancher1", java.time.Duration.ofSeconds(45)),
        new Step.RemoveAddon(new StepId("h", "ra"), Phase.ADDONS, "rke-ingress-controller", "ingress.provider is none",
            "n", "rancher/hyperkube:v1.30.5-rancher1", java.time.Duration.ofSeconds(45)),
        new Step.Gate(new StepId("h", "g"), Phase.WORKER));
    assertThat(oneOfEach.stream().map(Object::getClass).collect(Collectors.toSet()))
        .as("the list covers every permitted Step")
        .isEqualTo(Set.copyOf(Arrays.asList(Step.class.getPermittedSubclasses())));
    JsonNode json = new ObjectMapper().readTree(PlanJson.render(new Plan(oneOfEach, Set.of())));
    assertThat(json.path("steps")).extracting(s -> s.path("kind").asText()).containsExactly(
        "write-file", "pull-image", "run-container", "remove-container", "remove-pod-containers", "health-check", "etcd-member-add", "delete-path", "delete-node", "label-node", "cordon",
        "uncordon", "deploy-addon", "remove-addon", "gate");
    JsonNode addon = StreamSupport.stream(json.path("steps").spliterator(), false)
        .filter(s -> s.path("kind").asText().equals("deploy-addon")).findFirst().orElseThrow();
    assertThat(addon.path("manifest").asText()).isEqualTo("kind: List");
    assertThat(addon.path("job").asText()).isEqualTo("rke-user-addon-deploy-job");
    JsonNode removal = StreamSupport.stream(json.path("steps").spliterator(), false)
        .filter(s -> s.path("kind").asText().equals("remove-addon")).findFirst().orElseThrow();
    assertThat(removal.path("job").asText()).isEqualTo("rke-ingress-controller-delete-job");
    assertThat(removal.path("timeoutSeconds").asInt()).as("twice addon_job_timeout, as RKE").isEqualTo(90);
  }

  @Test
  void jsonNamesTheFormatAndEveryStepWithWhatItWaitsFor() throws Exception {
    JsonNode json = new ObjectMapper().readTree(PlanJson.render(reference));
    assertThat(json.path("format").asText()).isEqualTo("slipway.plan/v1");
    assertThat(json.path("steps")).hasSize(reference.steps().size());
    JsonNode apiserver = StreamSupport.stream(json.path("steps").spliterator(), false)
        .filter(s -> s.path("id").asText().equals("master-1/kube-apiserver")).findFirst().orElseThrow();
    assertThat(apiserver.path("kind").asText()).isEqualTo("run-container");
    assertThat(apiserver.path("after").toString()).contains("cluster/etcd-ready");
    assertThat(apiserver.path("container").path("restartPolicy").asText()).isEqualTo("always");
  }

  @Test
  void textListsPhasesInOrderAndDotIsADigraphOfEveryEdge() {
    String text = PlanText.render(reference);
    assertThat(text).containsSubsequence("== phase prepare", "== phase etcd", "== phase controlplane", "== phase worker");
    assertThat(text).startsWith("Plan: " + reference.steps().size() + " steps on 7 hosts");
    String dot = PlanDot.render(reference);
    assertThat(dot).startsWith("digraph plan {").endsWith("}\n");
    assertThat(dot.lines().filter(l -> l.contains(" -> ")).count()).isEqualTo(reference.edges().size());
  }

  @Test
  void aCycleIsRefused() {
    StepId a = new StepId("h", "a");
    StepId b = new StepId("h", "b");
    assertThatThrownBy(() -> new Plan(List.of(new Step.Gate(a, Phase.ETCD), new Step.Gate(b, Phase.ETCD)),
        Set.of(new Plan.Edge(a, b), new Plan.Edge(b, a)))).hasMessageContaining("cycle");
  }
}
