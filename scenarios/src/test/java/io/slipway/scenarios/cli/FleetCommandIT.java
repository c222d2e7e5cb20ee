package io.slipway.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.simulator.fleet.FleetLabels;
import io.slipway.simulator.fleet.FleetResources;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

/** {@code slipway fleet up}, {@code ls} and {@code down} against the real Docker engine. */
class FleetCommandIT {

  @TempDir
  Path dir;

  private final String name = "cli-" + Long.toHexString(System.nanoTime() & 0xffffff);

  @AfterEach
  void removeLeftovers() {
    FleetResources.remove(DockerClientFactory.instance().client(), FleetLabels.FLEET, name);
  }

  @Test
  void upLeavesAFleetRunningThatLsListsAndDownRemoves() throws Exception {
    Path file = dir.resolve("fleet.yaml");
    Files.writeString(file, "nodes:\n  - {name: master-1, roles: [controlplane, etcd]}\n  - {name: worker-1, roles: [worker]}\n");

    CommandLineRun up = CommandLineRun.of("fleet", "up", "-f", file.toString(), "--name", name,
        "--dir", dir.resolve("files").toString());
    assertThat(up.exitCode()).as("fleet up exit code; stderr: %s", up.err()).isZero();
    assertThat(up.out()).containsPattern("master-1 +controlplane,etcd +127\\.0\\.0\\.1:\\d+ +10\\.210\\.\\d+\\.11")
        .contains("private key  " + dir.resolve("files/id_ed25519"));
    assertThat(Files.readString(dir.resolve("files/cluster.yml"))).contains("hostname_override: worker-1");

    CommandLineRun ls = CommandLineRun.of("fleet", "ls");
    assertThat(ls.out()).as("fleet ls").containsPattern(name + " +master-1 +controlplane,etcd +running")
        .containsPattern(name + " +worker-1 +worker +running");

    CommandLineRun down = CommandLineRun.of("fleet", "down", "--name", name);
    assertThat(down.exitCode()).isZero();
    assertThat(down.out()).contains("removed fleet " + name + ": 3 containers, 1 network");
    assertThat(FleetResources.containers(DockerClientFactory.instance().client(), FleetLabels.FLEET, name)).isEmpty();

    CommandLineRun again = CommandLineRun.of("fleet", "down", "--name", name);
    assertThat(again.exitCode()).as("removing a fleet that is not there fails").isEqualTo(1);
    assertThat(again.err()).contains("error: no fleet named " + name + " is running");
  }
}
