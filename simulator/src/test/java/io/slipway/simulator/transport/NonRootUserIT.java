package io.slipway.simulator.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.Role;
import io.slipway.engine.config.Strictness;
import io.slipway.engine.event.EventSink;
import io.slipway.engine.host.CommandResult;
import io.slipway.engine.host.HostAddress;
import io.slipway.engine.host.HostKeyPolicy;
import io.slipway.engine.host.SshHost;
import io.slipway.engine.up.Up;
import io.slipway.engine.up.UpOptions;
import io.slipway.simulator.fleet.Capacity;
import io.slipway.simulator.fleet.ContainerFleet;
import io.slipway.simulator.fleet.FleetNode;
import io.slipway.simulator.fleet.FleetOptions;
import io.slipway.simulator.fleet.FleetSpec;
import io.slipway.simulator.fleet.NodeSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node logged in to as {@code rke}, a user of the docker group and nothing more, as RKE asks:
 * {@code up} deploys it (the certificates written as root, readable by root alone, through a
 * container), and a second run, which hashes those files, changes nothing.
 */
class NonRootUserIT {

  @TempDir
  static Path dir;

  static ContainerFleet fleet;

  @BeforeAll
  static void startFleet() {
    fleet = ContainerFleet.start(new FleetSpec("rke-user-" + Long.toHexString(System.nanoTime() & 0xffffff), List.of(
        new NodeSpec("node-1", Set.of(Role.CONTROLPLANE, Role.ETCD, Role.WORKER), Capacity.DEFAULT, 22, "rke"))),
        FleetOptions.scoped(dir.resolve("fleet")));
  }

  @AfterAll
  static void removeFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void aUserOfTheDockerGroupDeploysTheNodeAndTheFilesAreRootsAlone() throws Exception {
    Path cluster = dir.resolve("cluster.yml");
    Files.writeString(cluster, Files.readString(fleet.clusterYml()) + FleetClusterFiles.NO_SYSTEM_ADDONS);
    assertThat(Files.readString(cluster)).contains("user: rke");
    UpOptions options = UpOptions.beside(cluster, fleet.knownHosts(), HostKeyPolicy.VERIFY, 50);

    Up.Result first = new Up(Clock.systemUTC()).run(ConfigLoader.load(cluster, Strictness.STRICT).config(), options,
        EventSink.none());
    assertThat(first.changes()).isNotEmpty();
    Up.Result second = new Up(Clock.systemUTC()).run(ConfigLoader.load(cluster, Strictness.STRICT).config(), options,
        EventSink.none());
    assertThat(second.changes()).as("the files hashed through the container are the files written").isEmpty();

    FleetNode node = fleet.node("node-1");
    assertThat(node.exec("stat", "-c", "%U %a", "/etc/kubernetes/ssl/kube-apiserver-key.pem").stdout().strip())
        .isEqualTo("root 600");
    try (SshHost rke = SshHost.connect(new HostAddress("node-1", node.internalAddress(), 22, "rke", fleet.privateKey(),
        "/var/run/docker.sock"), fleet.knownHosts(), HostKeyPolicy.VERIFY, Duration.ofSeconds(10))) {
      assertThat(rke.exec("id -un; id -Gn", Duration.ofSeconds(10)).stdout()).startsWith("rke\n").contains("docker");
      CommandResult key = rke.exec("cat /etc/kubernetes/ssl/kube-apiserver-key.pem", Duration.ofSeconds(10));
      assertThat(key.exitCode()).as("rke itself cannot read the key").isNotZero();
    }
  }
}
