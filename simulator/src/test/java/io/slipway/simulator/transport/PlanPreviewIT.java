package io.slipway.simulator.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.slipway.engine.SlipwayException;
import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.Role;
import io.slipway.engine.config.Strictness;
import io.slipway.engine.event.EventSink;
import io.slipway.engine.exec.Change;
import io.slipway.engine.host.HostKeyPolicy;
import io.slipway.engine.plan.PlanChanges;
import io.slipway.engine.up.Up;
import io.slipway.engine.up.UpOptions;
import io.slipway.simulator.fleet.ContainerFleet;
import io.slipway.simulator.fleet.FleetNode;
import io.slipway.simulator.fleet.FleetOptions;
import io.slipway.simulator.fleet.FleetSpec;
import io.slipway.simulator.fleet.NodeSpec;
import io.slipway.simulator.kubectl.Kubectl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * One decision path, seen from outside: after {@code up}, a preview of the running cluster
 * shows nothing to change; an added kubelet flag shows as exactly the kubelets replaced, with
 * that flag named, and the next {@code up} changes exactly those; a stopped component shows as
 * a start and {@code up} starts it; state whose etcd members run no etcd is refused untouched.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlanPreviewIT {

  @TempDir
  static Path dir;

  static ContainerFleet fleet;
  static Path clusterFile;
  static UpOptions options;

  @BeforeAll
  static void deploy() throws Exception {
    fleet = ContainerFleet.start(new FleetSpec("plan-" + Long.toHexString(System.nanoTime() & 0xffffff), List.of(
        NodeSpec.of("master-1", Role.CONTROLPLANE, Role.ETCD), NodeSpec.of("worker-1", Role.WORKER))),
        FleetOptions.scoped(dir.resolve("fleet")));
    clusterFile = dir.resolve("cluster.yml");
    Files.writeString(clusterFile, clusterYml(""));
    options = UpOptions.beside(clusterFile, fleet.knownHosts(), HostKeyPolicy.VERIFY, 50);
    new Up(Clock.systemUTC()).run(config(), options, EventSink.none());
  }

  @AfterAll
  static void removeFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  @Order(1)
  void aDeployedClusterPreviewsNothingToChangeOnlineAndOffline() throws Exception {
    String before = containerIds();
    for (boolean offline : List.of(false, true)) {
      Up.Preview preview = new Up(Clock.systemUTC()).preview(config(), options, offline);
      PlanChanges changes = preview.changes();  // the metrics-server addon's ConfigMap and job read too, online
      assertThat(changes.entries()).as("offline=%s", offline).isEmpty();
      assertThat(changes.summary()).as("offline=%s", offline)
          .isEqualTo("Plan: 0 to create, 0 to replace, 0 to start, 0 to remove, 10 unchanged; 0 files to change");
    }
    assertThat(containerIds()).as("a preview touches no container").isEqualTo(before);
  }

  @Test
  @Order(2)
  void anAddedKubeletFlagReplacesExactlyTheKubelets() throws Exception {
    Files.writeString(clusterFile, clusterYml("services: {kubelet: {extra_args: {max-pods: \"250\"}}}\n"));
    Up.Preview online = new Up(Clock.systemUTC()).preview(config(), options, false);
    assertThat(PlanChanges.of(online.plan(), online.files()).entries())
        .extracting(e -> e.host() + " " + e.action() + " " + e.subject() + " " + e.reasons())
        .containsExactlyInAnyOrder("master-1 replace kubelet [args changed: --max-pods]",
            "worker-1 replace kubelet [args changed: --max-pods]");
    Up.Preview offline = new Up(Clock.systemUTC()).preview(config(), options, true);
    assertThat(PlanChanges.of(offline.plan(), offline.files()).entries())
        .as("offline, the state knows the hash, not the flags").extracting(e -> e.host() + " " + e.action() + " "
            + e.subject()).containsExactlyInAnyOrder("master-1 replace kubelet", "worker-1 replace kubelet");
    Up.Result up = new Up(Clock.systemUTC()).run(config(), options, EventSink.none());
    assertThat(up.changes()).extracting(Change::describe).containsExactlyInAnyOrder(
        "host master-1: replace kubelet (args changed: --max-pods)",
        "host worker-1: replace kubelet (args changed: --max-pods)");
    assertThat(fleet.node("worker-1").exec("docker", "inspect", "--format", "{{join .Args \" \"}}", "kubelet").stdout())
        .contains("--max-pods=250");
  }

  @Test
  @Order(3)
  void aStoppedComponentPreviewsAsAStartAndUpStartsIt() throws Exception {
    FleetNode worker = fleet.node("worker-1");
    worker.exec("docker", "update", "--restart=no", "kube-proxy").orThrow("worker-1", "no restart");
    worker.exec("docker", "stop", "kube-proxy").orThrow("worker-1", "stop kube-proxy");
    Up.Preview preview = new Up(Clock.systemUTC()).preview(config(), options, false);
    assertThat(PlanChanges.of(preview.plan(), preview.files()).entries())
        .extracting(e -> e.host() + " " + e.symbol() + " " + e.action() + " " + e.subject())
        .containsExactly("worker-1 > start kube-proxy");
    Up.Result up = new Up(Clock.systemUTC()).run(config(), options, EventSink.none());
    assertThat(up.changes()).extracting(Change::describe).containsExactly("host worker-1: start kube-proxy (stopped)");
    assertThat(worker.exec("docker", "inspect", "--format", "{{.State.Running}}", "kube-proxy").stdout().strip())
        .isEqualTo("true");
  }

  @Test
  @Order(4)
  void aChangedAddonPreviewsAsAnApplyThatUpCarriesOutAndThenNothing() throws Exception {
    Files.writeString(clusterFile, clusterYml("services: {kubelet: {extra_args: {max-pods: \"250\"}}}\n"
        + "monitoring: {replicas: 2}\n"));
    Up.Preview preview = new Up(Clock.systemUTC()).preview(config(), options, false);
    assertThat(preview.changes().entries()).extracting(e -> e.host() + " " + e.symbol() + " " + e.action() + " "
        + e.subject() + " " + e.reasons()).containsExactly("master-1 ~ apply rke-metrics-addon [its manifest differs "
        + "from ConfigMap kube-system/rke-metrics-addon]");
    assertThat(new Up(Clock.systemUTC()).preview(config(), options, true).changes().entries())
        .as("offline, the apiserver is not read").isEmpty();
    Up.Result up = new Up(Clock.systemUTC()).run(config(), options, EventSink.none());
    assertThat(up.changes()).extracting(Change::describe)
        .containsExactly("addon rke-metrics-addon applied (job rke-metrics-addon-deploy-job completed)");
    assertThat(new Up(Clock.systemUTC()).preview(config(), options, false).changes().entries()).isEmpty();
  }

  @Test
  @Order(5)
  void anIngressSwitchedOffPreviewsAsARemovalThatUpCarriesOutAndThenNothing() throws Exception {
    Kubectl kubectl = Kubectl.at(options.kubeconfigFile());
    assertThat(kubectl.run("get", "daemonset", "nginx-ingress-controller", "-n", "ingress-nginx").exit())
        .as("deployed by the first up").isZero();
    Files.writeString(clusterFile, clusterYml("services: {kubelet: {extra_args: {max-pods: \"250\"}}}\n"
        + "monitoring: {replicas: 2}\ningress: {provider: none}\n"));
    Up.Preview preview = new Up(Clock.systemUTC()).preview(config(), options, false);
    assertThat(preview.changes().entries()).extracting(e -> e.host() + " " + e.symbol() + " " + e.action() + " "
        + e.subject() + " " + e.reasons()).containsExactly("master-1 - remove rke-ingress-controller "
        + "[ingress.provider is none; it was deployed]");
    assertThat(preview.changes().summary()).endsWith("; 1 addon to remove");
    Up.Result up = new Up(Clock.systemUTC()).run(config(), options, EventSink.none());
    assertThat(up.changes()).extracting(Change::describe)
        .containsExactly("addon rke-ingress-controller removed (ingress.provider is none)");
    assertThat(up.warnings()).isEmpty();
    assertThat(kubectl.run("get", "daemonset", "nginx-ingress-controller", "-n", "ingress-nginx",
        "--ignore-not-found", "-o", "name").stdout()).as("its objects deleted by RKE's delete job").isBlank();
    assertThat(kubectl.run("get", "jobs", "-n", "kube-system", "-o", "name").stdout())
        .doesNotContain("rke-ingress-controller");
    assertThat(new Up(Clock.systemUTC()).preview(config(), options, false).changes().entries()).isEmpty();
    assertThat(new Up(Clock.systemUTC()).run(config(), options, EventSink.none()).changes()).isEmpty();
  }

  @Test
  @Order(6)
  void stateWhoseEtcdMembersRunNoEtcdIsRefusedBeforeAnythingChanges() throws Exception {
    FleetNode master = fleet.node("master-1");
    master.exec("sh", "-c", "docker rm -f $(docker ps -aq)").orThrow("master-1", "lose every container");
    String worker = fleet.node("worker-1").exec("docker", "ps", "-q", "--no-trunc").stdout();
    Throwable refused = catchThrowable(() -> new Up(Clock.systemUTC()).run(config(), options, EventSink.none()));
    assertThat(refused).hasMessageContaining("records a cluster whose etcd members run no etcd")
        .hasMessageContaining("master-1 (no Slipway container at all)").hasMessageContaining("nothing was changed");
    assertThat(((SlipwayException) refused).hint()).contains("start from no state");
    assertThat(fleet.node("worker-1").exec("docker", "ps", "-q", "--no-trunc").stdout()).as("the worker is untouched")
        .isEqualTo(worker);
    assertThat(master.exec("docker", "ps", "-aq").stdout()).as("nothing started on master-1").isBlank();
  }

  /**
   * The containers the engine runs on each node; those the kubelet runs for pods (the metrics server's, started
   * whenever the scheduler gets to them) are the cluster's own doing and left out.
   */
  private static String containerIds() {
    StringBuilder ids = new StringBuilder();
    for (FleetNode node : fleet.nodes()) {
      String listing = node.exec("docker", "ps", "-a", "--no-trunc",
          "--format", "{{.ID}} pod-container={{.Label \"io.kubernetes.docker.type\"}}").stdout();
      ids.append(node.name()).append(listing.lines().filter(line -> line.endsWith("pod-container=")).sorted().toList());
    }
    return ids.toString();
  }

  private static ClusterConfig config() {
    return ConfigLoader.load(clusterFile, Strictness.STRICT).config();
  }

  /** The fleet's own cluster.yml skeleton (every node, its roles, the fleet's images), plus {@code services}. */
  private static String clusterYml(String services) throws IOException {
    return Files.readString(fleet.clusterYml()) + services;
  }

}
