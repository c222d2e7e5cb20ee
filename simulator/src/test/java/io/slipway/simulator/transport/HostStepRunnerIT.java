package io.slipway.simulator.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.Role;
import io.slipway.engine.config.Strictness;
import io.slipway.engine.event.EventSink;
import io.slipway.engine.exec.Executor;
import io.slipway.engine.exec.ExecutorSettings;
import io.slipway.engine.exec.HostStepRunner;
import io.slipway.engine.exec.Outcome;
import io.slipway.engine.host.HostAddress;
import io.slipway.engine.host.HostKeyPolicy;
import io.slipway.engine.host.SshHost;
import io.slipway.engine.pki.ClusterCertificates;
import io.slipway.engine.pki.ClusterPki;
import io.slipway.engine.pki.KeyType;
import io.slipway.engine.plan.Phase;
import io.slipway.engine.plan.Plan;
import io.slipway.engine.plan.Planner;
import io.slipway.engine.plan.Step;
import io.slipway.engine.plan.StepId;
import io.slipway.engine.state.ClusterState;
import io.slipway.engine.up.ObserveHosts;
import io.slipway.simulator.fleet.ContainerFleet;
import io.slipway.simulator.fleet.FleetNode;
import io.slipway.simulator.fleet.FleetOptions;
import io.slipway.simulator.fleet.FleetSpec;
import io.slipway.simulator.fleet.NodeSpec;
import io.slipway.simulator.image.SlipwayImage;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prepare and etcd phases of a plan run by the real executor over SSH onto a fleet node:
 * certificates written 0600, the component image pulled from the fleet registry, real etcd
 * started with TLS and health-checked through the SSH connection; a second run keeps it and
 * rewrites no file it finds as planned, but restores one changed or given another mode.
 */
class HostStepRunnerIT {

  @TempDir
  static Path dir;

  static ContainerFleet fleet;

  @BeforeAll
  static void startFleet() {
    fleet = ContainerFleet.start(new FleetSpec("steps-" + Long.toHexString(System.nanoTime() & 0xffffff),
        List.of(NodeSpec.of("solo", Role.CONTROLPLANE, Role.ETCD, Role.WORKER))), FleetOptions.scoped(dir));
  }

  @AfterAll
  static void removeFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  private static ClusterConfig config(String extraEtcdArgs) {
    FleetNode node = fleet.node("solo");
    String image = fleet.imageReference(SlipwayImage.COMPONENTS);
    return ConfigLoader.parse("cluster.yml", """
        kubernetes_version: v1.13.5-rancher1-2
        nodes:
          - {address: %s, user: root, role: [controlplane, etcd, worker], hostname_override: solo}
        services:
          etcd:
            snapshot: false
            extra_args: {%s}
        system_images: {etcd: %s, alpine: %s, nginx_proxy: %s, kubernetes: %s, pod_infra_container: %s}
        """.formatted(node.internalAddress(), extraEtcdArgs, image, image, image, image, image), Strictness.STRICT).config();
  }

  /** The prepare and etcd phases of the plan, with the edges among them. */
  private static Plan etcdPart(Plan plan) {
    Set<Phase> phases = Set.of(Phase.PREPARE, Phase.ETCD);
    List<Step> steps = plan.steps().stream().filter(s -> phases.contains(s.phase())).toList();
    Set<StepId> ids = steps.stream().map(Step::id).collect(Collectors.toSet());
    return new Plan(steps, plan.edges().stream().filter(e -> ids.contains(e.from()) && ids.contains(e.to()))
        .collect(Collectors.toSet()));
  }

  private static Outcome run(ClusterConfig config, ClusterCertificates pki) {
    FleetNode node = fleet.node("solo");
    try (SshHost host = SshHost.connect(new HostAddress("solo", node.internalAddress(), 22, "root", fleet.privateKey(),
        "/var/run/docker.sock"), fleet.knownHosts(), HostKeyPolicy.VERIFY, Duration.ofSeconds(10))) {
      // what runs there now decides, through the diff, what each container step does
      var observed = ObserveHosts.containers(Map.of("solo", host), List.of(), 1);
      Plan plan = etcdPart(Planner.plan(config, ClusterState.EMPTY, "", observed));
      return new Executor(new ExecutorSettings(8, 1, 1, 2, Duration.ofSeconds(1)),
          new HostStepRunner(Map.of("solo", host), pki, ObserveHosts.withFiles(observed, Map.of("solo", host), plan, 1)),
          EventSink.none(), Clock.systemUTC()).execute(plan);
    }
  }

  private static String inode(FleetNode node, String path) {
    return node.exec("stat", "-c", "%i", path).stdout().strip();
  }

  @Test
  void etcdComesUpWithTlsAndASecondRunKeepsIt() {
    ClusterConfig config = config("");
    ClusterCertificates pki = ClusterPki.create(config, KeyType.ECDSA_P256, Clock.systemUTC(), new SecureRandom());
    FleetNode node = fleet.node("solo");

    Outcome first = run(config, pki);
    assertThat(first.failed()).as("failures").isEmpty();
    assertThat(first.ok()).isTrue();
    assertThat(node.exec("stat", "-c", "%a", "/etc/kubernetes/ssl/kube-ca.pem").stdout().strip())
        .as("certificates are written 0600").isEqualTo("600");
    assertThat(node.exec("docker", "exec", "etcd", "etcdctl", "endpoint", "health").stderr()
        + node.exec("docker", "exec", "etcd", "etcdctl", "endpoint", "health").stdout())
        .as("real etcd answers over TLS with the cluster's certificates").contains("is healthy");
    String id = node.exec("docker", "inspect", "--format", "{{.Id}} {{.State.StartedAt}}", "etcd").stdout().strip();
    String ca = "/etc/kubernetes/ssl/kube-ca.pem";
    String nodeKey = "/etc/kubernetes/ssl/kube-node-key.pem";
    String caInode = inode(node, ca);
    String keyHash = node.exec("sha256sum", nodeKey).stdout().strip();

    assertThat(run(config, pki).ok()).isTrue();
    assertThat(node.exec("docker", "inspect", "--format", "{{.Id}} {{.State.StartedAt}}", "etcd").stdout().strip())
        .as("an unchanged spec leaves the running container alone").isEqualTo(id);
    assertThat(inode(node, ca)).as("a file held as planned is not written again").isEqualTo(caInode);

    node.exec("chmod", "644", ca);
    node.exec("sh", "-c", "echo tampered > " + nodeKey);
    assertThat(run(config, pki).ok()).isTrue();
    assertThat(node.exec("stat", "-c", "%a", ca).stdout().strip()).as("a file given another mode is rewritten")
        .isEqualTo("600");
    assertThat(node.exec("sha256sum", nodeKey).stdout().strip()).as("a changed file is restored").isEqualTo(keyHash);

    ClusterConfig changed = config("election-timeout: \"6000\"");
    assertThat(run(changed, pki).ok()).isTrue();
    assertThat(node.exec("docker", "inspect", "--format", "{{.Id}}", "etcd").stdout().strip())
        .as("a changed flag replaces the container").isNotEqualTo(id.split(" ")[0]);
    assertThat(node.exec("docker", "inspect", "--format", "{{json .Args}}", "etcd").stdout())
        .contains("--election-timeout=6000");
  }
}
