package io.slipway.simulator.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.Role;
import io.slipway.engine.config.Strictness;
import io.slipway.engine.event.EventSink;
import io.slipway.engine.exec.Change;
import io.slipway.engine.host.HostKeyPolicy;
import io.slipway.engine.up.FromState;
import io.slipway.engine.up.RetrieveState;
import io.slipway.engine.up.Up;
import io.slipway.engine.up.UpOptions;
import io.slipway.simulator.fleet.ContainerFleet;
import io.slipway.simulator.fleet.FleetNode;
import io.slipway.simulator.fleet.FleetOptions;
import io.slipway.simulator.fleet.FleetSpec;
import io.slipway.simulator.fleet.NodeSpec;
import io.slipway.simulator.kubectl.Kubectl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Taking over a cluster RKE built: with RKE's cluster.rkestate beside cluster.yml and no Slipway
 * state, {@code up} keeps RKE's CA and certificates (no new CA, so the running cluster accepts
 * them), replaces the containers RKE started under Slipway's names, and the next run changes
 * nothing. The "RKE cluster" here is one Slipway deployed, then made to look as RKE leaves it:
 * its state rewritten in RKE's format, Slipway's state gone, one container started without
 * Slipway's labels.
 */
class AdoptRkeClusterIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;

  static ContainerFleet fleet;
  static Path clusterFile;
  static UpOptions options;

  @BeforeAll
  static void deploy() throws Exception {
    fleet = ContainerFleet.start(new FleetSpec("adopt-" + Long.toHexString(System.nanoTime() & 0xffffff), List.of(
        NodeSpec.of("master-1", Role.CONTROLPLANE, Role.ETCD), NodeSpec.of("worker-1", Role.WORKER))),
        FleetOptions.scoped(dir.resolve("fleet")));
    clusterFile = dir.resolve("cluster.yml");
    Files.writeString(clusterFile, Files.readString(fleet.clusterYml()) + FleetClusterFiles.NO_SYSTEM_ADDONS);
    options = UpOptions.beside(clusterFile, fleet.knownHosts(), HostKeyPolicy.VERIFY, 50);
    up();
  }

  @AfterAll
  static void removeFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void rkesCaIsKeptAndRkesContainersAreReplaced() throws Exception {
    String ca = kubeconfigCa();
    Path rkeState = dir.resolve("cluster.rkestate");
    Files.writeString(rkeState, asRkeState(JSON.readTree(options.stateFile().toFile())).toString());
    Files.delete(options.stateFile());
    // RKE keeps its state in the Secret kube-system/full-cluster-state: get-state-file rebuilds cluster.rkestate from it
    Kubectl kubectl = new Kubectl(options.kubeconfigFile(), Duration.ofSeconds(20));
    assertThat(kubectl.run("-n", "kube-system", "delete", "secret", "slipway-cluster-state").ok()).isTrue();
    assertThat(kubectl.run("-n", "kube-system", "create", "secret", "generic", "full-cluster-state",
        "--from-file=full-cluster-state=" + rkeState).ok()).isTrue();
    byte[] rkeBytes = Files.readAllBytes(rkeState);
    Files.delete(rkeState);
    RetrieveState.Retrieved retrieved = RetrieveState.run(config(), options, Clock.systemUTC());
    assertThat(retrieved.origin()).startsWith("RKE's Secret kube-system/full-cluster-state on ");
    assertThat(retrieved.file()).isEqualTo(rkeState.toAbsolutePath());
    assertThat(rkeState).as("cluster.rkestate as RKE wrote it").hasBinaryContent(rkeBytes);
    assertThat(options.stateFile()).as("Slipway's state is not made up from RKE's").doesNotExist();
    FleetNode worker = fleet.node("worker-1");
    String image = worker.exec("docker", "inspect", "--format", "{{.Config.Image}}", "kube-proxy").stdout().strip();
    JsonNode command = JSON.readTree(worker.exec("docker", "inspect", "--format", "{{json .Config.Cmd}}", "kube-proxy")
        .stdout());
    worker.exec("docker", "rm", "-f", "kube-proxy").orThrow("worker-1", "remove Slipway's kube-proxy");
    List<String> run = new ArrayList<>(List.of("docker", "run", "-d", "--name", "kube-proxy", "--network", "host",
        "--privileged", "--restart", "always", "-v", "/etc/kubernetes:/etc/kubernetes", image));
    command.forEach(arg -> run.add(arg.asText()));
    worker.exec(run.toArray(String[]::new)).orThrow("worker-1", "start kube-proxy as RKE would, unlabelled");
    assertThat(Up.adoptsRkeState(options)).isTrue();
    Files.delete(UpOptions.kubeconfigBeside(clusterFile));
    FromState.writeKubeconfig(config(), clusterFile);
    assertThat(kubeconfigCa()).as("util get-kubeconfig writes it anew from RKE's state").isEqualTo(ca);
    assertThat(FromState.serverVersion(config(), clusterFile)).as("the running cluster's version, asked with RKE's CA")
        .startsWith("v1.13.5");

    Up.Result adopted = up();
    assertThat(adopted.changes()).filteredOn(c -> c instanceof Change.ContainerChanged).extracting(Change::describe)
        .singleElement().asString().startsWith("host worker-1: replace kube-proxy (created without Slipway (by RKE?)");
    assertThat(kubeconfigCa()).as("RKE's CA is kept").isEqualTo(ca);
    assertThat(Files.readString(rkeState)).as("RKE's state is read, not changed")
        .isEqualTo(asRkeState(JSON.readTree(options.stateFile().toFile())).toString());
    assertThat(worker.exec("docker", "inspect", "--format", "{{index .Config.Labels \"io.slipway.managed\"}}",
        "kube-proxy").stdout().strip()).isEqualTo("true");

    assertThat(up().changes()).as("taken over, the cluster is Slipway's: nothing more to change").isEmpty();
  }

  private static Up.Result up() {
    return new Up(Clock.systemUTC()).run(config(), options, EventSink.none());
  }

  private static ClusterConfig config() {
    return ConfigLoader.load(clusterFile, Strictness.STRICT).config();
  }

  /** Slipway's state in the shape RKE writes cluster.rkestate (cluster/state.go; the fields up reads). */
  private static ObjectNode asRkeState(JsonNode slipway) {
    ObjectNode current = JSON.createObjectNode();
    ArrayNode nodes = current.putObject("rkeConfig").putArray("nodes");
    slipway.path("nodes").forEach(n -> {
      ObjectNode node = nodes.addObject().put("address", n.path("address").asText())
          .put("internalAddress", n.path("internalAddress").asText()).put("hostnameOverride", n.path("hostname").asText());
      n.path("roles").forEach(r -> node.withArray("role").add(r.asText()));
    });
    ObjectNode bundle = current.putObject("certificatesBundle");
    slipway.path("certificates").fields().forEachRemaining(e -> bundle.putObject(e.getKey()).put("name", e.getKey())
        .put("certificatePEM", e.getValue().path("certificate").asText()).put("keyPEM", e.getValue().path("key").asText()));
    ObjectNode state = JSON.createObjectNode();
    state.set("desiredState", current.deepCopy());
    state.set("currentState", current);
    return state;
  }

  private static String kubeconfigCa() throws Exception {
    Matcher m = Pattern.compile("certificate-authority-data: *(\\S+)")
        .matcher(Files.readString(UpOptions.kubeconfigBeside(clusterFile)));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }
}
