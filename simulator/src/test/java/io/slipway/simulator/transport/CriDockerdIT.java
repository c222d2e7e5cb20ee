package io.slipway.simulator.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
 * From Kubernetes 1.24 the kubelet runs as RKE runs it: through rke-tools' entrypoint, mounted
 * from the never-started service-sidekick, which starts cri-dockerd in the kubelet's container
 * first; the node is Ready only while cri-dockerd answers, and a cri-dockerd that dies takes its
 * kubelet container down with it, so the restart policy brings both back.
 */
class CriDockerdIT {

  private static final String VERSION = "v1.27.16-rancher1-1";
  private static final List<String> NODES = List.of("master-1", "worker-1");
  private static final String CRI_DOCKERD = "standin.jar cri-dockerd";

  @TempDir
  static Path dir;

  static ContainerFleet fleet;

  @BeforeAll
  static void startFleet() {
    fleet = ContainerFleet.start(new FleetSpec("cri-" + Long.toHexString(System.nanoTime() & 0xffffff), List.of(
        NodeSpec.of("master-1", Role.CONTROLPLANE, Role.ETCD), NodeSpec.of("worker-1", Role.WORKER))),
        FleetOptions.scoped(dir.resolve("fleet")).withKubernetesVersions(Set.of(VERSION)));
  }

  @AfterAll
  static void removeFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void theKubeletRunsWithCriDockerdStartedByRkeToolsFromTheSidekick() throws Exception {
    Path clusterFile = dir.resolve("cluster.yml");
    FleetClusterFiles.write(fleet, clusterFile, "cri-dockerd-it", NODES, VERSION,
        FleetClusterFiles.ONLY_NETWORK_ADDON);
    UpOptions options = UpOptions.beside(clusterFile, fleet.knownHosts(), HostKeyPolicy.VERIFY, 50);
    Up up = new Up(Clock.systemUTC());
    up.run(ConfigLoader.load(clusterFile, Strictness.STRICT).config(), options, EventSink.none());
    Kubectl kubectl = new Kubectl(options.kubeconfigFile(), Duration.ofSeconds(10));
    await().atMost(Duration.ofSeconds(120)).until(() -> NODES.stream().allMatch(n -> ready(kubectl, n)));

    FleetNode worker = fleet.node("worker-1");
    assertThat(worker.exec("docker", "inspect", "--format", "{{.State.Status}}", "service-sidekick").stdout().strip())
        .as("the sidekick is created, never started").isEqualTo("created");
    assertThat(worker.exec("docker", "inspect", "--format", "{{json .Config.Cmd}}", "kubelet").stdout())
        .startsWith("[\"/opt/rke-tools/entrypoint.sh\",\"kubelet\",");
    assertThat(worker.exec("docker", "inspect", "--format", "{{json .HostConfig.VolumesFrom}}", "kubelet").stdout()
        .strip()).matches("\\[\"service-sidekick(:rw)?\"]");
    assertThat(worker.exec("test", "-S", "/var/run/cri-dockerd.sock").succeeded()).as("cri-dockerd's socket").isTrue();
    assertThat(processes(worker, CRI_DOCKERD)).as("one cri-dockerd on the node").isEqualTo(1);
    assertThat(kubectl.run("get", "node", "worker-1", "-o", "jsonpath={.status.nodeInfo.kubeletVersion}").output())
        .isEqualTo("v1.27.16");

    int restarts = restartCount(worker);
    // the pattern does not match its own shell's command line
    worker.exec("sh", "-c", "for p in /proc/[0-9]*; do tr '\\0' ' ' < $p/cmdline 2>/dev/null | grep -q "
        + "'standin.jar cri-docker[d]' && kill -9 ${p#/proc/}; done; true").orThrow("worker-1", "killing cri-dockerd");
    await().atMost(Duration.ofSeconds(60)).until(() -> restartCount(worker) > restarts);
    await().atMost(Duration.ofSeconds(120)).until(() -> ready(kubectl, "worker-1") && processes(worker, CRI_DOCKERD) == 1);

    assertThat(up.run(ConfigLoader.load(clusterFile, Strictness.STRICT).config(), options, EventSink.none()).changes())
        .as("a second up keeps the stopped sidekick and the restarted kubelet")
        .filteredOn(c -> c instanceof Change.ContainerChanged).isEmpty();
  }

  private static boolean ready(Kubectl kubectl, String node) {
    return kubectl.run("get", "node", node, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}")
        .output().strip().equals("True");
  }

  private static int restartCount(FleetNode node) {
    return Integer.parseInt(node.exec("docker", "inspect", "--format", "{{.RestartCount}}", "kubelet").stdout().strip());
  }

  private static long processes(FleetNode node, String command) {
    return node.exec("sh", "-c", "for p in /proc/[0-9]*; do tr '\\0' ' ' < $p/cmdline 2>/dev/null; echo; done")
        .stdout().lines().filter(line -> line.contains(command) && !line.contains("grep")).count();
  }
}
