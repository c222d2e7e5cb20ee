package io.slipway.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.slipway.engine.config.Role;
import io.slipway.engine.host.CommandResult;
import io.slipway.engine.host.HostAddress;
import io.slipway.engine.host.HostKeyPolicy;
import io.slipway.engine.host.SshHost;
import io.slipway.simulator.image.SlipwayImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.transport.TransportException;
import org.junit.jupiter.api.AfterAll;
import org.testcontainers.DockerClientFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 3-node fleet on the real Docker engine: SSH access, registry pulls and every fault primitive. */
class ContainerFleetIT {

  private static final Duration COMMAND = Duration.ofSeconds(60);

  @TempDir
  static Path directory;

  static ContainerFleet fleet;

  @BeforeAll
  static void startFleet() {
    FleetSpec spec = new FleetSpec("it-" + Long.toHexString(System.nanoTime() & 0xffffff), List.of(
        NodeSpec.of("master-1", Role.CONTROLPLANE, Role.ETCD),
        NodeSpec.of("master-2", Role.CONTROLPLANE, Role.ETCD),
        new NodeSpec("worker-1", Set.of(Role.WORKER), Capacity.of("32", "64Gi", "100Gi"), 2222)), List.of(), false,
        Map.of("api.it.example", "master-2"));
    fleet = ContainerFleet.start(spec, FleetOptions.scoped(directory).withProgress(System.out::println));
  }

  @AfterAll
  static void removeFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  /** The engine's own SSH transport to a node's published port, verifying its host key. */
  private static SshHost ssh(FleetNode node, Duration timeout) {
    return SshHost.connect(new HostAddress(node.name(), node.ssh().host(), node.ssh().port(), "root", fleet.privateKey(),
        "/var/run/docker.sock"), fleet.knownHosts(), HostKeyPolicy.VERIFY, timeout);
  }

  @Test
  void everyNodeAnswersSshWithItsVerifiedHostKeyAndRunsItsOwnDockerd() throws Exception {
    for (FleetNode node : fleet.nodes()) {
      try (SshHost ssh = ssh(node, Duration.ofSeconds(10))) {
        CommandResult info = ssh.exec("docker info --format '{{.Name}} {{.ServerVersion}} {{.Driver}}'", COMMAND);
        assertThat(info.exitCode()).as("docker info over SSH on %s", node.name()).isZero();
        assertThat(info.stdout()).as("the node's own dockerd answers with the node's hostname")
            .startsWith(node.name() + " ").contains("overlay2");
      }
    }
  }

  @Test
  void aNodeListensOnItsOwnSshPortAtItsFleetAddressAndEveryNodeResolvesTheFleetsHostNames() throws Exception {
    FleetNode worker = fleet.node("worker-1");
    assertThat(worker.sshPort()).isEqualTo(2222);
    // as the engine reaches nodes: the fleet address and the node's port, the host key from known_hosts
    try (SshHost ssh = SshHost.connect(new HostAddress("worker-1", worker.internalAddress(), 2222, "root",
        fleet.privateKey(), "/var/run/docker.sock"), fleet.knownHosts(), HostKeyPolicy.VERIFY, Duration.ofSeconds(10))) {
      assertThat(ssh.exec("hostname", COMMAND).stdout().strip()).isEqualTo("worker-1");
    }
    for (FleetNode node : fleet.nodes()) {
      assertThat(node.exec("getent", "hosts", "api.it.example").stdout()).as("on %s", node.name())
          .startsWith(fleet.node("master-2").internalAddress() + " ");
    }
  }

  @Test
  void aNodeThatCannotStartSaysWhyInTheFleetsError() {
    String image = DockerClientFactory.instance().client()
        .inspectContainerCmd("slipway-" + fleet.name() + "-master-1").exec().getConfig().getImage();
    // no host key copied in: the node's entrypoint refuses to start sshd without one
    try (NodeContainer broken = new NodeContainer(image, 22)) {
      Throwable failure = catchThrowable(broken::start);
      assertThat(FleetException.because("fleet it-broken: a node did not start", failure))
          .hasMessageStartingWith("fleet it-broken: a node did not start: Container startup failed for image " + image)
          .hasMessageContaining("slipway-node: no host key at /etc/ssh/ssh_host_ed25519_key");
    }
  }

  @Test
  void aNodeWithAnotherHostKeyIsRefused() throws Exception {
    FleetNode first = fleet.node("master-1");
    FleetNode second = fleet.node("master-2");
    Path forged = directory.resolve("forged_known_hosts");
    // master-2's endpoint listed with master-1's key: the client must refuse to log in
    Files.writeString(forged, "[" + second.ssh().host() + "]:" + second.ssh().port() + " " + first.hostKey() + "\n");
    try (SSHClient ssh = new SSHClient()) {
      ssh.loadKnownHosts(forged.toFile());
      assertThatThrownBy(() -> ssh.connect(second.ssh().host(), second.ssh().port()))
          .as("a host key that differs from known_hosts is rejected").isInstanceOf(TransportException.class);
    }
  }

  @Test
  void theFleetFolderHoldsAPrivateKeyOnlyItsOwnerReadsAndAClusterSkeleton() throws Exception {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fleet.privateKey())))
        .as("private key mode").isEqualTo("rw-------");
    String cluster = Files.readString(fleet.clusterYml());
    for (FleetNode node : fleet.nodes()) {
      assertThat(cluster).contains("address: " + node.internalAddress()).contains("hostname_override: " + node.name());
    }
    assertThat(fleet.node("worker-1").exec("cat", "/etc/slipway/capacity").stdout())
        .as("capacity file on the node").contains("cpu=32").contains("memory=64Gi").contains("ephemeral-storage=100Gi");
  }

  @Test
  void aNodePullsFromTheFleetRegistryAndItsDockerdRestartsAKilledContainer() {
    FleetNode node = fleet.node("worker-1");
    String image = fleet.imageReference(SlipwayImage.COMPONENTS);
    node.exec("docker", "pull", image).orThrow(node.name(), "docker pull " + image);
    node.exec("docker", "run", "-d", "--name", "probe", "--restart", "always", "--network", "host", image,
        "sleep", "infinity").orThrow(node.name(), "docker run");
    long pid = node.killContainer("probe");

    await("probe restarted with a new pid").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> {
          String state = node.exec("docker", "inspect", "--format", "{{.RestartCount}} {{.State.Running}} {{.State.Pid}}",
              "probe").stdout().strip();
          String[] parts = state.split(" ");
          return parts.length == 3 && Integer.parseInt(parts[0]) >= 1 && parts[1].equals("true")
              && !parts[2].equals("0") && Long.parseLong(parts[2]) != pid;
        });

    node.stopContainer("probe");
    assertThat(node.exec("docker", "inspect", "--format", "{{.State.Running}}", "probe").stdout().strip())
        .as("a stopped container stays stopped despite restart=always").isEqualTo("false");
    node.startContainer("probe");
    assertThat(node.exec("docker", "inspect", "--format", "{{.State.Running}}", "probe").stdout().strip())
        .as("started again").isEqualTo("true");
    node.exec("docker", "rm", "-f", "probe");
  }

  @Test
  void aDisconnectedNodeCannotReachAnotherNodeUntilReconnected() {
    FleetNode cut = fleet.node("master-2");
    FleetNode other = fleet.node("master-1");
    String probe = "nc -z -w 2 " + other.internalAddress() + " 22";
    assertThat(cut.exec("sh", "-c", probe).succeeded()).as("connected before the partition").isTrue();

    cut.disconnect();
    try {
      assertThat(cut.state()).isEqualTo(NodeState.DISCONNECTED);
      assertThat(cut.exec("sh", "-c", probe).succeeded()).as("partitioned node reaches master-1").isFalse();
      assertThat(other.exec("sh", "-c", "nc -z -w 2 " + cut.internalAddress() + " 22").succeeded())
          .as("master-1 reaches the partitioned node").isFalse();
    } finally {
      cut.reconnect();
    }
    assertThat(cut.state()).isEqualTo(NodeState.RUNNING);
    assertThat(cut.exec("sh", "-c", probe).succeeded()).as("reaches master-1 again after the heal").isTrue();
    assertThat(cut.exec("sh", "-c", "ip -4 -o addr show").stdout())
        .as("same address after reconnect").contains(cut.internalAddress() + "/24");
  }

  @Test
  void aPausedNodeDoesNotAnswerSshUntilUnpaused() throws Exception {
    FleetNode node = fleet.node("master-1");
    node.pause();
    try {
      assertThat(node.state()).isEqualTo(NodeState.PAUSED);
      assertThatThrownBy(() -> ssh(node, Duration.ofSeconds(3)).close())
          .as("SSH to a paused node times out").isInstanceOf(Exception.class);
    } finally {
      node.unpause();
    }
    try (SshHost ssh = ssh(node, Duration.ofSeconds(10))) {
      assertThat(ssh.exec("true", COMMAND).exitCode()).as("SSH answers after unpause").isZero();
    }
  }

  @Test
  void aStoppedNodeIsUnreachableAndComesBackWithItsAddressPortAndRestartAlwaysContainers() throws Exception {
    FleetNode node = fleet.node("worker-1");
    String image = fleet.imageReference(SlipwayImage.COMPONENTS);
    node.exec("docker", "pull", image).orThrow(node.name(), "docker pull");
    node.exec("docker", "run", "-d", "--name", "survivor", "--restart", "always", image, "sleep", "infinity")
        .orThrow(node.name(), "docker run");

    node.stop();
    assertThat(node.state()).isEqualTo(NodeState.STOPPED);
    assertThat(fleet.node("master-1").exec("sh", "-c", "nc -z -w 2 " + node.internalAddress() + " " + node.sshPort()).succeeded())
        .as("a stopped node does not answer on its address").isFalse();

    node.start();
    try (SshHost ssh = ssh(node, Duration.ofSeconds(10))) {
      await("restart-always container back after the node started").atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> ssh.exec("docker inspect --format '{{.State.Running}}' survivor", COMMAND).stdout().strip(),
              "true"::equals);
    }

    node.restart();
    assertThat(node.exec("sh", "-c", "ip -4 -o addr show").stdout()).contains(node.internalAddress() + "/24");
    try (SshHost ssh = ssh(node, Duration.ofSeconds(10))) {
      assertThat(ssh.exec("uptime", COMMAND).exitCode()).as("SSH on the same published port after a reboot").isZero();
    }
    node.exec("docker", "rm", "-f", "survivor");
  }
}
