package io.slipway.simulator.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.Role;
import io.slipway.engine.config.Strictness;
import io.slipway.engine.event.EventSink;
import io.slipway.engine.exec.Change;
import io.slipway.engine.host.HostKeyPolicy;
import io.slipway.engine.state.StateStore;
import io.slipway.engine.up.Up;
import io.slipway.engine.up.UpFailedException;
import io.slipway.engine.up.UpOptions;
import io.slipway.simulator.fleet.ContainerFleet;
import io.slipway.simulator.fleet.FleetNode;
import io.slipway.simulator.fleet.FleetOptions;
import io.slipway.simulator.fleet.FleetSpec;
import io.slipway.simulator.fleet.NodeSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host that breaks during {@code up}: the run stops naming host, step and cause, the other hosts'
 * work is done, the state keeps the certificates but does not claim the cluster deployed, and once
 * the host is fixed a re-run converges without a new CA, and the next changes nothing.
 */
class UpFailureIT {

  @TempDir
  static Path dir;

  static ContainerFleet fleet;

  @BeforeAll
  static void startFleet() {
    fleet = ContainerFleet.start(new FleetSpec("fail-" + Long.toHexString(System.nanoTime() & 0xffffff), List.of(
        NodeSpec.of("master-1", Role.CONTROLPLANE, Role.ETCD), NodeSpec.of("worker-1", Role.WORKER))),
        FleetOptions.scoped(dir.resolve("fleet")));
  }

  @AfterAll
  static void removeFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void aBrokenHostStopsTheRunCleanlyAndAReRunConverges() throws Exception {
    Path clusterFile = dir.resolve("cluster.yml");
    Files.writeString(clusterFile, clusterYml());
    var config = ConfigLoader.load(clusterFile, Strictness.STRICT).config();
    UpOptions options = UpOptions.beside(clusterFile, fleet.knownHosts(), HostKeyPolicy.VERIFY, 50);

    // The worker's certificate directory is a file: writing its certificates fails.
    FleetNode worker = fleet.node("worker-1");
    worker.exec("sh", "-c", "rm -rf /etc/kubernetes/ssl && touch /etc/kubernetes/ssl").orThrow("worker-1", "break");

    UpFailedException failed = catchThrowableOfType(UpFailedException.class,
        () -> new Up(Clock.systemUTC()).run(config, options, EventSink.none()));
    assertThat(failed.getMessage()).contains("host worker-1, step ").contains("skipped");
    assertThat(failed.getMessage()).doesNotContain("host master-1");
    assertThat(fleet.node("master-1").exec("docker", "inspect", "--format", "{{.State.Running}}", "kube-apiserver")
        .stdout().strip()).as("the healthy host's work is done").isEqualTo("true");
    assertThat(worker.exec("docker", "ps", "-aq", "--filter", "name=^kubelet$").stdout()).as("nothing ran on the "
        + "broken host after its failed step").isBlank();
    StateStore.Saved afterFailure = StateStore.load(options.stateFile());
    assertThat(afterFailure.certificates()).as("certificates kept for the re-run").isPresent();
    assertThat(afterFailure.cluster().nodes()).as("the cluster is not recorded as deployed").isEmpty();
    assertThat(options.kubeconfigFile()).doesNotExist();
    String ca = afterFailure.certificates().orElseThrow().require("kube-ca").certificatePem();

    worker.exec("sh", "-c", "rm -f /etc/kubernetes/ssl").orThrow("worker-1", "repair");
    Up.Result converged = new Up(Clock.systemUTC()).run(config, options, EventSink.none());
    assertThat(described(converged)).anyMatch(c -> c.startsWith("host worker-1:")).noneMatch(c -> c.startsWith(
        "host master-1:")).as("only the broken host's containers are created");
    assertThat(StateStore.load(options.stateFile()).certificates().orElseThrow().require("kube-ca").certificatePem())
        .as("the same CA").isEqualTo(ca);
    assertThat(described(new Up(Clock.systemUTC()).run(config, options, EventSink.none()))).isEmpty();
  }

  /** The fleet's own cluster.yml skeleton (every node, its roles, the fleet's images), RKE's system addons off. */
  private static String clusterYml() throws IOException {
    return Files.readString(fleet.clusterYml()) + FleetClusterFiles.NO_SYSTEM_ADDONS;
  }


  private static List<String> described(Up.Result result) {
    return result.changes().stream().map(Change::describe).toList();
  }
}
