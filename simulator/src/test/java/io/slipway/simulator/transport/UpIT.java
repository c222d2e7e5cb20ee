package io.slipway.simulator.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.Role;
import io.slipway.engine.config.Strictness;
import io.slipway.engine.event.EventSink;
import io.slipway.engine.host.HostKeyPolicy;
import io.slipway.engine.up.Up;
import io.slipway.engine.up.UpOptions;
import io.slipway.simulator.fleet.ContainerFleet;
import io.slipway.simulator.fleet.FleetNode;
import io.slipway.simulator.fleet.FleetOptions;
import io.slipway.simulator.fleet.FleetSpec;
import io.slipway.simulator.fleet.NodeSpec;
import io.slipway.simulator.image.SlipwayImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code up} of an HA cluster (three controlplane+etcd masters, one worker) onto a fleet, the
 * engine unaware that the nodes are fake: every node Ready with its roles in kubectl through
 * the written kubeconfig, and a second {@code up} changes no container.
 */
class UpIT {

  @TempDir
  static Path dir;

  static ContainerFleet fleet;

  @BeforeAll
  static void startFleet() {
    fleet = ContainerFleet.start(new FleetSpec("up-" + Long.toHexString(System.nanoTime() & 0xffffff), List.of(
        NodeSpec.of("master-1", Role.CONTROLPLANE, Role.ETCD), NodeSpec.of("master-2", Role.CONTROLPLANE, Role.ETCD),
        NodeSpec.of("master-3", Role.CONTROLPLANE, Role.ETCD),
        NodeSpec.of("worker-1", Role.WORKER).withCapacity(io.slipway.simulator.fleet.Capacity.of("32", "64Gi", "100Gi")))),
        FleetOptions.scoped(dir.resolve("fleet")));
  }

  @AfterAll
  static void removeFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void anHaClusterComesUpReadyAndASecondUpChangesNothing() throws Exception {
    Path clusterFile = dir.resolve("cluster.yml");
    Files.writeString(clusterFile, clusterYml());
    ClusterConfig config = ConfigLoader.load(clusterFile, Strictness.STRICT).config();
    UpOptions options = UpOptions.beside(clusterFile, fleet.knownHosts(), HostKeyPolicy.VERIFY, 20);

    long start = System.nanoTime();
    Up.Result first;
    try {
      first = new Up(Clock.systemUTC()).run(config, options, EventSink.none());
    } catch (RuntimeException e) {
      for (FleetNode node : fleet.nodes()) {  // diagnostics for the failure report
        System.out.println("=== " + node.name() + ": docker ps -a\n" + node.exec("docker", "ps", "-a").stdout());
        System.out.println("=== " + node.name() + ": kubelet log\n" + node.exec("sh", "-c", "docker logs --tail 30 kubelet 2>&1").stdout());
      }
      throw e;
    }
    System.out.printf("MEASURED up of 3 masters + 1 worker onto a fleet: %.1f s, %d steps%n",
        (System.nanoTime() - start) / 1e9, first.outcome().succeeded().size());
    assertThat(first.outcome().ok()).isTrue();
    assertThat(first.containerChanges()).as("a new cluster creates its containers").isNotEmpty();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(options.stateFile()))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(options.kubeconfigFile())))
        .isEqualTo("rw-------");

    await().atMost(Duration.ofSeconds(60)).until(() -> kubectl(options.kubeconfigFile(), "get", "nodes").lines()
        .filter(l -> l.contains(" Ready ")).count() == 4);
    String nodes = kubectl(options.kubeconfigFile(), "get", "nodes");
    assertThat(kubectl(options.kubeconfigFile(), "get", "node", "worker-1", "-o",
        "jsonpath={.status.allocatable.cpu} {.status.allocatable.memory} {.status.allocatable.ephemeral-storage}"))
        .as("the worker's claimed 32 CPU / 64Gi / 100Gi minus the walkthrough's reservations")
        .isEqualTo("30 63451136Ki 94489280512");
    assertThat(nodes).containsPattern("master-1\\s+Ready\\s+controlplane,etcd")
        .containsPattern("master-3\\s+Ready\\s+controlplane,etcd").containsPattern("worker-1\\s+Ready\\s+worker");

    long again = System.nanoTime();
    Up.Result second = new Up(Clock.systemUTC()).run(config, options, EventSink.none());
    System.out.printf("MEASURED second up (no change): %.1f s%n", (System.nanoTime() - again) / 1e9);
    assertThat(second.outcome().ok()).isTrue();
    assertThat(second.containerChanges()).as("an unchanged cluster changes no container").isEmpty();

    // The walkthrough: a name clients use is missing from the apiserver's certificate until it is
    // added to authentication.sans; up then reissues the certificate and restarts what uses it.
    String master = fleet.node("master-1").internalAddress();
    assertThat(servedNames(options, master)).doesNotContain("lb.slipway.test");
    Files.writeString(clusterFile, clusterYml() + "authentication:\n  sans: [lb.slipway.test]\n");
    ClusterConfig withSan = ConfigLoader.load(clusterFile, Strictness.STRICT).config();
    Up.Result third = new Up(Clock.systemUTC()).run(withSan, options, EventSink.none());
    assertThat(third.containerChanges()).as("components restarted with the new certificates")
        .anyMatch(c -> c.contains("kube-apiserver replaced"));
    assertThat(servedNames(options, master)).contains("lb.slipway.test");
    awaitAllReady(options);

    Up.Result rotated = new Up(Clock.systemUTC()).rotateCertificates(withSan, options, false, EventSink.none());
    assertThat(rotated.containerChanges()).as("cert-rotate restarts the components").isNotEmpty();
    awaitAllReady(options);
  }

  private static void awaitAllReady(UpOptions options) {
    await().atMost(Duration.ofSeconds(90)).until(() -> kubectl(options.kubeconfigFile(), "get", "nodes").lines()
        .filter(l -> l.contains(" Ready ")).count() == 4);
  }

  /** The DNS names and addresses in the certificate the apiserver at {@code address}:6443 serves. */
  private static List<String> servedNames(UpOptions options, String address) throws Exception {
    var admin = io.slipway.engine.state.StateStore.load(options.stateFile()).certificates().orElseThrow()
        .require("kube-admin");
    javax.net.ssl.SSLContext tls = io.slipway.engine.host.HealthCheckTls.presenting(admin);
    try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) tls.getSocketFactory().createSocket(address, 6443)) {
      socket.startHandshake();
      var cert = (java.security.cert.X509Certificate) socket.getSession().getPeerCertificates()[0];
      return cert.getSubjectAlternativeNames().stream().map(san -> san.get(1).toString()).toList();
    }
  }

  private static String clusterYml() {
    String image = fleet.imageReference(SlipwayImage.COMPONENTS);
    String nodes = fleet.nodes().stream().map(UpIT::nodeYml).collect(Collectors.joining());
    return """
        cluster_name: up-it
        kubernetes_version: v1.13.5-rancher1-2
        ssh_key_path: %s
        nodes:
        %s
        services:
          etcd:
            creation: 1h
            retention: 2h
          kubelet:
            extra_args:
              kube-reserved: cpu=1,memory=2Gi,ephemeral-storage=1Gi
              system-reserved: cpu=1,memory=1Gi,ephemeral-storage=1Gi
              eviction-hard: memory.available<500Mi,nodefs.available<10%%
        system_images: {etcd: %s, alpine: %s, nginx_proxy: %s, kubernetes: %s, pod_infra_container: %s}
        """.formatted(fleet.privateKey(), nodes, image, image, image, image, image);
  }

  private static String nodeYml(FleetNode node) {
    String roles = node.roles().stream().sorted().map(Role::yamlName).collect(Collectors.joining(", "));
    return "  - {address: %s, user: root, role: [%s], hostname_override: %s}\n"
        .formatted(node.internalAddress(), roles, node.name());
  }

  private static String kubectl(Path kubeconfig, String... args) throws IOException, InterruptedException {
    String kubectl = System.getenv().getOrDefault("SLIPWAY_KUBECTL", "/var/cache/slipway/kubernetes-client/usr/bin/kubectl");
    List<String> command = new ArrayList<>(List.of(kubectl, "--kubeconfig", kubeconfig.toString(), "--request-timeout=10s"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(30, TimeUnit.SECONDS);
    return out;
  }
}
