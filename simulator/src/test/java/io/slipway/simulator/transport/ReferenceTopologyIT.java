package io.slipway.simulator.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.Quantity;
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
import io.slipway.simulator.fleet.FleetSpecLoader;
import io.slipway.simulator.image.SlipwayImage;
import io.slipway.simulator.kubectl.Kubectl;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference walkthrough of docs/design.md, end to end on the shipped example files: the fleet
 * of {@code examples/reference-fleet.yaml} (one LB node running nginx with the walkthrough's
 * stream settings, three controlplane+etcd masters, four 32 CPU / 64Gi / 100Gi workers) and the
 * cluster of {@code examples/reference-cluster.yml} with its addresses taken from the fleet and
 * without the LB's SAN, which the walkthrough only adds after the first failure.
 */
class ReferenceTopologyIT {

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Path EXAMPLES = Path.of("..", "examples");

  @TempDir
  static Path dir;

  static ContainerFleet fleet;
  static double fleetSeconds;

  @BeforeAll
  static void startFleet() {
    long start = System.nanoTime();
    fleet = ContainerFleet.start(FleetSpecLoader.load(EXAMPLES.resolve("reference-fleet.yaml"))
        .withName("ref-" + Long.toHexString(System.nanoTime() & 0xffffff)), FleetOptions.scoped(dir.resolve("fleet")));
    fleetSeconds = (System.nanoTime() - start) / 1e9;
  }

  @AfterAll
  static void removeFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void theWalkthroughFromX509ErrorToSevenReadyNodes() throws Exception {
    Path clusterFile = dir.resolve("cluster.yml");
    ObjectNode cluster = clusterYml();
    YAML.writeValue(clusterFile.toFile(), cluster);
    UpOptions options = UpOptions.beside(clusterFile, fleet.knownHosts(), HostKeyPolicy.VERIFY, 50);

    long start = System.nanoTime();
    Up.Result first = up(clusterFile, options);
    double upSeconds = (System.nanoTime() - start) / 1e9;
    awaitReady(options.kubeconfigFile(), 7);
    double readySeconds = (System.nanoTime() - start) / 1e9;
    assertThat(described(first)).as("a new cluster creates its containers").isNotEmpty();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(options.stateFile()))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(options.kubeconfigFile())))
        .isEqualTo("rw-------");

    // Through the LB, by its address on the fleet network, the apiserver's certificate is refused.
    String lb = fleet.loadBalancers().get(0).address();
    Path throughLb = dir.resolve("kube_config_through_lb.yml");
    Kubectl.withServer(options.kubeconfigFile(), lb, throughLb);
    Kubectl.Result refused = kubectl(throughLb, "get", "nodes");
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.output()).contains("x509: certificate is valid for").contains("not " + lb);

    // The fix: the LB address into authentication.sans, then cert-rotate.
    ((ArrayNode) cluster.with("authentication").withArray("sans")).add(lb);
    YAML.writeValue(clusterFile.toFile(), cluster);
    ClusterConfig withSan = ConfigLoader.load(clusterFile, Strictness.STRICT).config();
    Up.Result rotated = new Up(Clock.systemUTC()).rotateCertificates(withSan, options, false, EventSink.none());
    assertThat(described(rotated)).anyMatch(c -> c.contains("replace kube-apiserver"));
    Kubectl.withServer(options.kubeconfigFile(), lb, throughLb);
    await().atMost(Duration.ofSeconds(90)).until(() -> kubectl(throughLb, "get", "nodes").exit() == 0);

    String nodes = awaitReady(throughLb, 7);
    for (FleetNode node : fleet.nodes()) {
      String roles = node.roles().contains(Role.WORKER) ? "worker" : "controlplane,etcd";
      assertThat(nodes).containsPattern(node.name() + "\\s+Ready\\s+" + roles + "\\s");
    }

    // Every worker's allocatable is the kubelet's formula over its capacity and the reservations.
    for (FleetNode worker : fleet.nodes().stream().filter(n -> n.roles().contains(Role.WORKER)).toList()) {
      var capacity = worker.capacity();
      // capacity − kube-reserved − system-reserved − eviction-hard, per resource
      BigDecimal cpu = capacity.cpu().value().subtract(q("1")).subtract(q("1"));
      BigDecimal memory = capacity.memory().value().subtract(q("2Gi")).subtract(q("1Gi")).subtract(q("500Mi"));
      BigDecimal storage = capacity.ephemeralStorage().value().subtract(q("1Gi")).subtract(q("1Gi"))
          .subtract(capacity.ephemeralStorage().value().multiply(new BigDecimal("0.10")));
      assertThat(kubectl(throughLb, "get", "node", worker.name(), "-o", "jsonpath={.status.allocatable.cpu} "
          + "{.status.allocatable.memory} {.status.allocatable.ephemeral-storage}").output())
          .isEqualTo(cpu.toBigIntegerExact() + " " + memory.toBigIntegerExact().divide(BigInteger.valueOf(1024)) + "Ki "
              + storage.toBigIntegerExact());
    }

    // A killed apiserver is restarted by its node's dockerd and serves again.
    FleetNode master = fleet.node("master-2");
    int restarts = restartCount(master, "kube-apiserver");
    master.killContainer("kube-apiserver");
    await().atMost(Duration.ofSeconds(60)).until(() -> restartCount(master, "kube-apiserver") > restarts
        && master.exec("sh", "-c", "printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' | openssl s_client -quiet -connect "
            + "127.0.0.1:6443 2>/dev/null | tail -n 1").stdout().equals("ok"));

    // etcd-rolling-snapshots writes a snapshot on every etcd node within its interval (20 s here).
    for (FleetNode etcd : fleet.nodes().stream().filter(n -> n.roles().contains(Role.ETCD)).toList()) {
      await().atMost(Duration.ofSeconds(60)).until(() -> etcd.exec("sh", "-c",
          "ls /opt/rke/etcd-snapshots/ | grep -E '^[0-9T:-]+Z_etcd\\.zip$'").succeeded());
    }

    long again = System.nanoTime();
    Up.Result second = up(clusterFile, options);
    double reUpSeconds = (System.nanoTime() - again) / 1e9;
    assertThat(described(second)).as("an unchanged cluster changes no container").isEmpty();

    long peak = fleet.nodes().stream().mapToLong(n -> n.peakMemoryBytes().orElse(0)).sum();
    System.out.printf("MEASURED reference topology: fleet start %.1f s; up %.1f s (%d steps); all 7 Ready %.1f s "
        + "after up began; re-up %.1f s; sum of per-node peak memory %.0f MiB%n", fleetSeconds, upSeconds,
        first.outcome().succeeded().size(), readySeconds, reUpSeconds, peak / (double) (1 << 20));
  }

  /** The shipped reference cluster.yml with the fleet's addresses, key and images, and without the LB's SAN. */
  private static ObjectNode clusterYml() throws IOException {
    ObjectNode cluster = (ObjectNode) YAML.readTree(EXAMPLES.resolve("reference-cluster.yml").toFile());
    cluster.put("ssh_key_path", fleet.privateKey().toString());
    ArrayNode nodes = cluster.putArray("nodes");
    for (FleetNode node : fleet.nodes()) {
      ObjectNode entry = nodes.addObject().put("address", node.internalAddress()).put("user", "root")
          .put("hostname_override", node.name());
      node.roles().stream().sorted().map(Role::yamlName).forEach(entry.putArray("role")::add);
    }
    cluster.with("authentication").putArray("sans");
    ((ObjectNode) cluster.with("services").with("etcd")).put("creation", "20s");
    String image = fleet.imageReference(SlipwayImage.COMPONENTS);
    ObjectNode images = cluster.putObject("system_images");
    for (String key : List.of("etcd", "alpine", "nginx_proxy", "kubernetes")) {
      images.put(key, image);
    }
    images.put("pod_infra_container", fleet.imageReference(SlipwayImage.WORKLOAD));  // /pause for pods' sandboxes
    return cluster;
  }

  private static Up.Result up(Path clusterFile, UpOptions options) {
    ClusterConfig config = ConfigLoader.load(clusterFile, Strictness.STRICT).config();
    try {
      return new Up(Clock.systemUTC()).run(config, options, EventSink.none());
    } catch (RuntimeException e) {
      for (FleetNode node : fleet.nodes()) {  // diagnostics for the failure report
        System.out.println("=== " + node.name() + ": docker ps -a\n" + node.exec("docker", "ps", "-a").stdout());
      }
      throw e;
    }
  }

  private static String awaitReady(Path kubeconfig, int count) {
    await().atMost(Duration.ofSeconds(90)).until(() -> kubectl(kubeconfig, "get", "nodes").output().lines()
        .filter(l -> l.contains(" Ready ")).count() == count);
    return kubectl(kubeconfig, "get", "nodes").output();
  }

  private static int restartCount(FleetNode node, String container) {
    return Integer.parseInt(node.exec("docker", "inspect", "--format", "{{.RestartCount}}", container).stdout().strip());
  }

  private static BigDecimal q(String quantity) {
    return Quantity.parse(quantity).value();
  }

  private static Kubectl.Result kubectl(Path kubeconfig, String... args) {
    return new Kubectl(kubeconfig, Duration.ofSeconds(10)).run(args);
  }

  private static List<String> described(Up.Result result) {
    return result.changes().stream().map(Change::describe).toList();
  }
}
