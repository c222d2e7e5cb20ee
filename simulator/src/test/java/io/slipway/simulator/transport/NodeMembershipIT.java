package io.slipway.simulator.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.engine.SlipwayException;
import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.Role;
import io.slipway.engine.config.Strictness;
import io.slipway.engine.event.EventSink;
import io.slipway.engine.exec.Change;
import io.slipway.engine.host.HostKeyPolicy;
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
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes leave and join a running cluster through cluster.yml and {@code up}: a removed master
 * leaves the etcd membership and the node list and its containers and etcd data go; added back,
 * it joins as a new etcd member and becomes Ready; a worker added later gets only its own containers.
 */
class NodeMembershipIT {

  @TempDir
  static Path dir;

  static ContainerFleet fleet;

  @BeforeAll
  static void startFleet() {
    fleet = ContainerFleet.start(new FleetSpec("members-" + Long.toHexString(System.nanoTime() & 0xffffff), List.of(
        NodeSpec.of("master-1", Role.CONTROLPLANE, Role.ETCD), NodeSpec.of("master-2", Role.CONTROLPLANE, Role.ETCD),
        NodeSpec.of("master-3", Role.CONTROLPLANE, Role.ETCD), NodeSpec.of("worker-1", Role.WORKER),
        NodeSpec.of("worker-2", Role.WORKER))), FleetOptions.scoped(dir.resolve("fleet")));
  }

  @AfterAll
  static void removeFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void aMasterLeavesAndRejoinsAndAWorkerJoins() throws Exception {
    Path clusterFile = dir.resolve("cluster.yml");
    UpOptions options = UpOptions.beside(clusterFile, fleet.knownHosts(), HostKeyPolicy.VERIFY, 50);
    FleetNode master1 = fleet.node("master-1");
    FleetNode master3 = fleet.node("master-3");

    up(clusterFile, options, "master-1", "master-2", "master-3", "worker-1");
    assertThat(members(master1)).containsExactlyInAnyOrder("etcd-master-1", "etcd-master-2", "etcd-master-3");
    awaitNodes(options, "master-1", "master-2", "master-3", "worker-1");

    Up.Result shrink = up(clusterFile, options, "master-1", "master-2", "worker-1");
    assertThat(described(shrink)).contains("host master-1: etcd member etcd-master-3 removed",
        "node master-3 deleted from the cluster");
    assertThat(members(master1)).containsExactlyInAnyOrder("etcd-master-1", "etcd-master-2");
    assertThat(master3.exec("docker", "ps", "-aq").stdout()).as("master-3 runs nothing").isBlank();
    assertThat(master3.exec("test", "-e", "/var/lib/etcd/member").succeeded()).as("its etcd data is gone").isFalse();
    awaitNodes(options, "master-1", "master-2", "worker-1");

    Up.Result grow = up(clusterFile, options, "master-1", "master-2", "master-3", "worker-1", "worker-2");
    assertThat(described(grow)).contains("host master-1: etcd member etcd-master-3 added");
    assertThat(described(grow)).filteredOn(c -> c.startsWith("host worker-1:"))
        .as("worker-1 only learns of the new apiserver").singleElement().asString().startsWith("host worker-1: replace nginx-proxy");
    assertThat(members(master1)).containsExactlyInAnyOrder("etcd-master-1", "etcd-master-2", "etcd-master-3");
    assertThat(master1.exec("docker", "exec", "etcd", "sh", "-c",
        "etcdctl endpoint health --cluster 2>&1").stdout())
        .as("every member healthy").doesNotContain("unhealthy").contains("is healthy");
    awaitNodes(options, "master-1", "master-2", "master-3", "worker-1", "worker-2");

    assertThat(described(up(clusterFile, options, "master-1", "master-2", "master-3", "worker-1", "worker-2")))
        .isEmpty();

    // A lost state file must not become a new CA over the running cluster.
    Path saved = dir.resolve("state-backup");
    Files.move(options.stateFile(), saved);
    String apiserver = master1.exec("docker", "inspect", "--format", "{{.Id}}", "kube-apiserver").stdout();
    Throwable refused = Assertions.catchThrowable(() -> up(clusterFile, options, "master-1",
        "master-2", "master-3", "worker-1", "worker-2"));
    assertThat(refused).isInstanceOf(SlipwayException.class)
        .hasMessageContaining("holds no certificates, but nodes already run a cluster").hasMessageContaining("master-1")
        .hasMessageContaining("nothing was changed");
    assertThat(((SlipwayException) refused).hint()).contains("slipway util get-state-file").contains("restore it from a backup");
    assertThat(master1.exec("docker", "inspect", "--format", "{{.Id}}", "kube-apiserver").stdout()).isEqualTo(apiserver);
    assertThat(options.stateFile()).as("no new state with a new CA").doesNotExist();
    Files.move(saved, options.stateFile());
    assertThat(described(up(clusterFile, options, "master-1", "master-2", "master-3", "worker-1", "worker-2")))
        .as("the restored state converges with nothing to change").isEmpty();
  }

  private static Up.Result up(Path clusterFile, UpOptions options, String... nodes) throws Exception {
    FleetClusterFiles.write(fleet, clusterFile, "members-it", List.of(nodes), FleetClusterFiles.ONLY_NETWORK_ADDON);
    return new Up(Clock.systemUTC()).run(ConfigLoader.load(clusterFile, Strictness.STRICT).config(), options,
        EventSink.none());
  }

  /** Names of the started etcd members, as master-1's etcd lists them. */
  private static List<String> members(FleetNode node) {
    return node.exec("docker", "exec", "etcd", "etcdctl", "member", "list").stdout().lines()
        .map(line -> line.split(",\\s*")).filter(f -> f.length > 2).map(f -> f[2]).toList();
  }

  private static void awaitNodes(UpOptions options, String... names) {
    await().atMost(Duration.ofSeconds(90)).until(() -> {
      List<String> lines = kubectl(options.kubeconfigFile(), "get", "nodes", "--no-headers").lines().toList();
      return lines.size() == names.length && List.of(names).stream().allMatch(n -> lines.stream()
          .anyMatch(l -> l.startsWith(n + " ") && l.contains(" Ready ")));
    });
  }

  private static String kubectl(Path kubeconfig, String... args) {
    return new Kubectl(kubeconfig, Duration.ofSeconds(10)).run(args).output();
  }

  private static List<String> described(Up.Result result) {
    return result.changes().stream().map(Change::describe).toList();
  }
}
