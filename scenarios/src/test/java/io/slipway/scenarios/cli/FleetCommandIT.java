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

    // a cluster was deployed from the fleet's cluster.yml: its state lives beside it
    Path state = Files.writeString(dir.resolve("files/cluster.slipwaystate"), "{\"format\": \"slipway.state/v1\"}");
    Path kubeconfig = Files.writeString(dir.resolve("files/kube_config_cluster.yml"), "apiVersion: v1\n");

    CommandLineRun down = CommandLineRun.of("fleet", "down", "--name", name);
    assertThat(down.exitCode()).isZero();
    assertThat(down.out()).contains("removed fleet " + name + ": 3 containers, 1 network")
        .contains("removed " + state + " (the state of the cluster that ran on it)");
    assertThat(state).as("the cluster's state goes with its fleet").doesNotExist();
    assertThat(kubeconfig).doesNotExist();
    assertThat(FleetResources.containers(DockerClientFactory.instance().client(), FleetLabels.FLEET, name)).isEmpty();

    CommandLineRun again = CommandLineRun.of("fleet", "down", "--name", name);
    assertThat(again.exitCode()).as("removing a fleet that is not there fails").isEqualTo(1);
    assertThat(again.err()).contains("error: no fleet named " + name + " is running");
  }

  /**
   * What {@code bin/rehearse --explore} does twice, with a {@code fleet down} between: the second
   * fleet is new machines, and {@code up} deploys a new cluster onto them rather than rolling the
   * removed fleet's etcd onto blank nodes.
   */
  @Test
  void aClusterDeployedOnAFleetThatWasRemovedDoesNotHauntTheNextFleetOfTheSameName() throws Exception {
    Path file = dir.resolve("fleet.yaml");
    Files.writeString(file, "nodes:\n  - {name: solo, roles: [controlplane, etcd, worker]}\n");
    Path files = dir.resolve("files");
    for (int round = 1; round <= 2; round++) {
      CommandLineRun fleetUp = CommandLineRun.of("fleet", "up", "-f", file.toString(), "--name", name, "--dir",
          files.toString());
      assertThat(fleetUp.exitCode()).as("round %d: fleet up; stderr: %s", round, fleetUp.err()).isZero();
      CommandLineRun up = CommandLineRun.of("up", "-c", files.resolve("cluster.yml").toString(), "--known-hosts",
          files.resolve("known_hosts").toString());
      assertThat(up.exitCode()).as("round %d: up; out: %s; err: %s", round, up.out(), up.err()).isZero();
      assertThat(up.out()).as("round %d: a new cluster is created", round).contains("Cluster " + name + " is up: ")
          .contains("host solo: create etcd");
      assertThat(files.resolve("cluster.slipwaystate")).exists();
      assertThat(CommandLineRun.of("fleet", "down", "--name", name).exitCode()).isZero();
      assertThat(files.resolve("cluster.slipwaystate")).as("round %d: the state went with the fleet", round)
          .doesNotExist();
    }
  }
}
