package io.slipway.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.Role;
import io.slipway.engine.config.Strictness;
import io.slipway.engine.event.EventSink;
import io.slipway.engine.host.HostKeyPolicy;
import io.slipway.engine.up.Up;
import io.slipway.engine.up.UpOptions;
import io.slipway.simulator.kubectl.Kubectl;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet spread over two Docker engines (each in a network namespace of its own, started by
 * {@code bin/engines}, reached over TCP with TLS) joined in a swarm: the masters land on both,
 * {@code up} deploys an etcd quorum and apiservers whose members talk across the engines' overlay
 * network, every node becomes Ready as the real kubectl sees it; with engine 2's nodes cut off the
 * overlay, those two go NotReady while the majority on engine 1 keeps the cluster writable, and
 * all are Ready again once reconnected; closing the fleet leaves nothing on either engine.
 */
class SpreadFleetIT {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path ENGINES = Path.of("/var/lib/slipway/engines-it");

  @TempDir
  static Path dir;

  @BeforeAll
  static void startEngines() throws Exception {
    assertThat(run("bin/engines", "up", "2")).as("bin/engines up 2 (root only)").contains("tcp://10.254.0.12:2376");
  }

  @AfterAll
  static void stopEngines() throws Exception {
    run("bin/engines", "down");
  }

  @Test
  void theMastersSpreadOverTwoEnginesFormOneClusterAndLeaveNothingBehind() throws Exception {
    FleetSpec spec = new FleetSpec("spread-" + Long.toHexString(System.nanoTime() & 0xffffff), List.of(
        NodeSpec.of("master-1", Role.CONTROLPLANE, Role.ETCD), NodeSpec.of("master-2", Role.CONTROLPLANE, Role.ETCD),
        NodeSpec.of("master-3", Role.CONTROLPLANE, Role.ETCD), NodeSpec.of("worker-1", Role.WORKER)))
        .withEngines(List.of(engine(1), engine(2)));
    String runId;
    try (SpreadFleet fleet = SpreadFleet.start(spec, FleetOptions.scoped(dir.resolve("fleet")))) {
      runId = fleet.runId();
      assertThat(fleet.placement()).containsEntry("master-1", "engine-1").containsEntry("master-2", "engine-2")
          .containsEntry("master-3", "engine-1").containsEntry("worker-1", "engine-2");
      assertThat(containers(1, runId)).as("engine-1: master-1, master-3, the registry").hasSize(3);
      assertThat(containers(2, runId)).as("engine-2: master-2, worker-1").hasSize(2);
      assertThat(Files.readString(fleet.clusterYml())).as("reached at their engines' published sshd")
          .contains("address: 10.254.0.11\n  port: " + SpreadFleet.FIRST_SSH_PORT)
          .contains("address: 10.254.0.12\n  port: " + (SpreadFleet.FIRST_SSH_PORT + 1))
          .contains("internal_address: 10.212.");

      Path clusterFile = fleet.clusterYml();
      UpOptions options = UpOptions.beside(clusterFile, fleet.knownHosts(), HostKeyPolicy.VERIFY, 50);
      new Up(Clock.systemUTC()).run(ConfigLoader.load(clusterFile, Strictness.STRICT).config(), options,
          EventSink.none());

      String members = fleet.node("master-1").exec("docker", "exec", "etcd", "sh", "-c",
          "etcdctl endpoint health --cluster 2>&1").stdout();
      assertThat(members).as("three members, across both engines, healthy").doesNotContain("unhealthy")
          .contains(fleet.node("master-2").internalAddress()).contains(fleet.node("master-3").internalAddress());
      Kubectl kubectl = new Kubectl(options.kubeconfigFile(), Duration.ofSeconds(10));
      await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
        String nodes = kubectl.run("get", "nodes", "--no-headers").output();
        assertThat(nodes.lines().filter(line -> line.contains(" Ready ")).count()).as(nodes).isEqualTo(4);
      });
      assertThat(URI.create(kubeconfigServer(options.kubeconfigFile())).getHost())
          .as("kubectl reached master-1's apiserver at engine-1's address").isEqualTo("10.254.0.11");

      // engine-2's machines cut off the overlay: the majority on engine-1 keeps the cluster writable
      List<FleetNode> engine2 = fleet.nodes().stream().filter(n -> fleet.placement().get(n.name()).equals("engine-2"))
          .toList();
      engine2.forEach(FleetNode::disconnect);
      await().atMost(Duration.ofSeconds(150)).untilAsserted(() -> {
        String nodes = kubectl.run("get", "nodes", "--no-headers").output();
        assertThat(nodes.lines().filter(line -> line.contains(" NotReady ")).map(line -> line.split("\\s+")[0]))
            .as(nodes).containsExactlyInAnyOrder("master-2", "worker-1");
      });
      assertThat(kubectl.run("create", "configmap", "written-while-cut-off", "--from-literal=engine=1").output())
          .as("a write through engine-1's apiserver while engine-2 is cut off").contains("created");
      engine2.forEach(FleetNode::reconnect);
      await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
        String nodes = kubectl.run("get", "nodes", "--no-headers").output();
        assertThat(nodes.lines().filter(line -> line.contains(" Ready ")).count()).as(nodes).isEqualTo(4);
      });
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(fleet.node("master-2").exec("docker",
          "exec", "etcd", "sh", "-c", "etcdctl endpoint health --cluster 2>&1").stdout())
          .as("every member healthy again").doesNotContain("unhealthy").contains("is healthy"));
    }
    assertThat(containers(1, runId)).as("nothing left on engine-1").isEmpty();
    assertThat(containers(2, runId)).as("nothing left on engine-2").isEmpty();
  }

  private static EngineSpec engine(int number) {
    return new EngineSpec(URI.create("tcp://10.254.0." + (10 + number) + ":2376"), Optional.of(ENGINES), 1);
  }

  /** The ids of this fleet's containers on engine {@code number}, asked over its own socket. */
  private static List<String> containers(int number, String runId) throws Exception {
    return run("docker", "-H", "unix://" + ENGINES.resolve(Integer.toString(number)).resolve("docker.sock"),
        "ps", "-aq", "--filter", "label=" + FleetLabels.RUN + "=" + runId).lines().filter(l -> !l.isBlank()).toList();
  }

  private static String kubeconfigServer(Path kubeconfig) throws IOException {
    return Files.readAllLines(kubeconfig).stream().map(String::trim).filter(l -> l.startsWith("server:"))
        .findFirst().orElseThrow().substring("server:".length()).trim().replace("\"", "");
  }

  private static String run(String... command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
    builder.environment().put("SLIPWAY_ENGINES_DIR", ENGINES.toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(String.join(" ", command) + " exit code; it printed:\n" + output).isZero();
    return output;
  }
}
