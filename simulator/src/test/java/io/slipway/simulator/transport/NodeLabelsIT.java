package io.slipway.simulator.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.Role;
import io.slipway.engine.config.Strictness;
import io.slipway.engine.event.EventSink;
import io.slipway.engine.exec.Change;
import io.slipway.engine.host.HostKeyPolicy;
import io.slipway.engine.up.Up;
import io.slipway.engine.up.UpOptions;
import io.slipway.simulator.fleet.ContainerFleet;
import io.slipway.simulator.fleet.FleetOptions;
import io.slipway.simulator.fleet.FleetSpec;
import io.slipway.simulator.fleet.NodeSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cluster.yml's node labels and taints, seen through the apiserver with a real client: set by
 * {@code up} beside the role labels and taints, changed and taken away when the file changes,
 * left alone when someone else set them, and a run with nothing to change changes nothing.
 */
class NodeLabelsIT {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir
  static Path dir;

  static ContainerFleet fleet;
  static Path clusterFile;
  static UpOptions options;

  @BeforeAll
  static void startFleet() {
    fleet = ContainerFleet.start(new FleetSpec("labels-" + Long.toHexString(System.nanoTime() & 0xffffff), List.of(
        NodeSpec.of("master-1", Role.CONTROLPLANE, Role.ETCD), NodeSpec.of("worker-1", Role.WORKER))),
        FleetOptions.scoped(dir.resolve("fleet")));
    clusterFile = dir.resolve("cluster.yml");
    options = UpOptions.beside(clusterFile, fleet.knownHosts(), HostKeyPolicy.VERIFY, 50);
  }

  @AfterAll
  static void removeFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void labelsAndTaintsFollowTheFile() throws Exception {
    writeCluster(Map.of("zone", "a", "tier", "web"), List.of(Map.of("key", "dedicated", "value", "gpu",
        "effect", "NoSchedule")));
    assertThat(up().changes()).filteredOn(c -> c instanceof Change.NodeLabelled)
        .extracting(c -> ((Change.NodeLabelled) c).node()).containsExactlyInAnyOrder("master-1", "worker-1");
    try (KubernetesClient client = client()) {
      Node worker = client.nodes().withName("worker-1").get();
      assertThat(worker.getMetadata().getLabels()).contains(Map.entry("zone", "a"), Map.entry("tier", "web"),
          Map.entry("node-role.kubernetes.io/worker", "true"));
      assertThat(taints(worker)).containsExactly("dedicated=gpu:NoSchedule");
      Node master = client.nodes().withName("master-1").get();
      assertThat(master.getMetadata().getLabels()).contains(Map.entry("node-role.kubernetes.io/controlplane", "true"),
          Map.entry("node-role.kubernetes.io/etcd", "true")).doesNotContainKey("zone");
      assertThat(taints(master)).containsExactly("node-role.kubernetes.io/controlplane=true:NoSchedule");

      // someone else labels and taints the worker: Slipway leaves what it did not set alone
      client.nodes().withName("worker-1").edit(n -> {
        n.getMetadata().getLabels().put("owner", "ops");
        n.getSpec().getTaints().add(new Taint("NoExecute", "maintenance", null, "yes"));
        return n;
      });
    }
    assertThat(up().changes()).as("the same file again changes nothing").isEmpty();

    writeCluster(Map.of("zone", "b"), List.of());
    assertThat(up().changes()).extracting(Change::describe)
        .containsExactly("node worker-1: label zone=b, label tier removed, taints set");
    try (KubernetesClient client = client()) {
      Node worker = client.nodes().withName("worker-1").get();
      assertThat(worker.getMetadata().getLabels()).contains(Map.entry("zone", "b"), Map.entry("owner", "ops"))
          .doesNotContainKey("tier");
      assertThat(taints(worker)).containsExactly("maintenance=yes:NoExecute");
    }
    assertThat(up().changes()).as("and once more, nothing").isEmpty();
  }

  private static Up.Result up() {
    return new Up(Clock.systemUTC()).run(ConfigLoader.load(clusterFile, Strictness.STRICT).config(), options,
        EventSink.none());
  }

  private static void writeCluster(Map<String, String> labels, List<Map<String, String>> taints) throws Exception {
    ObjectNode cluster = (ObjectNode) YAML.readTree(fleet.clusterYml().toFile());
    cluster.withArray("nodes").forEach(node -> {
      if (node.path("hostname_override").asText().equals("worker-1")) {
        ((ObjectNode) node).set("labels", YAML.valueToTree(labels));
        ((ObjectNode) node).set("taints", YAML.valueToTree(taints));
      }
    });
    Files.writeString(clusterFile, YAML.writeValueAsString(cluster) + FleetClusterFiles.NO_SYSTEM_ADDONS);
  }

  private static KubernetesClient client() throws Exception {
    Path kubeconfig = dir.resolve("kube_config_cluster.yml");
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
  }

  private static List<String> taints(Node node) {
    return node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints().stream()
        .map((Taint t) -> t.getKey() + "=" + (t.getValue() == null ? "" : t.getValue()) + ":" + t.getEffect()).toList();
  }
}
