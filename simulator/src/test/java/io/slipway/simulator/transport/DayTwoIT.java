package io.slipway.simulator.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.slipway.engine.BadInputException;
import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.Role;
import io.slipway.engine.config.Strictness;
import io.slipway.engine.event.EventSink;
import io.slipway.engine.host.HostKeyPolicy;
import io.slipway.engine.pki.Fingerprint;
import io.slipway.engine.state.StateStore;
import io.slipway.engine.up.EtcdSnapshots;
import io.slipway.engine.up.FromState;
import io.slipway.engine.up.Remove;
import io.slipway.engine.up.RetrieveState;
import io.slipway.engine.up.Up;
import io.slipway.engine.up.UpOptions;
import io.slipway.simulator.fleet.ContainerFleet;
import io.slipway.simulator.fleet.FleetNode;
import io.slipway.simulator.fleet.FleetOptions;
import io.slipway.simulator.fleet.FleetSpec;
import io.slipway.simulator.fleet.NodeSpec;
import io.slipway.simulator.kubectl.Kubectl;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The day-2 operations on one cluster, checked through the nodes: a snapshot saved on every etcd
 * member, the data of every member lost, the snapshot restored (what was written before it is
 * back, what came after is not, every member healthy and every node Ready); a restore of a name
 * no member has refused with nothing stopped; a snapshot deleted; then {@code remove}: no
 * component container and nothing in RKE's directories on any node, the snapshots kept, the
 * kubeconfig and state gone, and a new {@code up} builds a new cluster with a new CA.
 */
class DayTwoIT {

  private static final List<String> NODES = List.of("master-1", "master-2", "master-3", "worker-1");

  @TempDir
  static Path dir;

  static ContainerFleet fleet;

  @BeforeAll
  static void startFleet() {
    fleet = ContainerFleet.start(new FleetSpec("day-two-" + Long.toHexString(System.nanoTime() & 0xffffff), List.of(
        NodeSpec.of("master-1", Role.CONTROLPLANE, Role.ETCD), NodeSpec.of("master-2", Role.CONTROLPLANE, Role.ETCD),
        NodeSpec.of("master-3", Role.CONTROLPLANE, Role.ETCD), NodeSpec.of("worker-1", Role.WORKER))),
        FleetOptions.scoped(dir.resolve("fleet")));
  }

  @AfterAll
  static void removeFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void snapshotLoseEveryMembersDataRestoreThenRemove() throws Exception {
    Path clusterFile = dir.resolve("cluster.yml");
    ClusterConfig config = writeClusterFile(clusterFile);
    UpOptions options = UpOptions.beside(clusterFile, fleet.knownHosts(), HostKeyPolicy.VERIFY, 50);
    new Up(Clock.systemUTC()).run(config, options, EventSink.none());
    String firstCa = Fingerprint.of(StateStore.load(options.stateFile()).certificates().orElseThrow());
    awaitNodesReady(options);
    FleetNode master1 = fleet.node("master-1");
    etcdctl(master1, "put", "/slipway-it/before", "saved");

    EtcdSnapshots snapshots = new EtcdSnapshots(Clock.systemUTC());
    List<EtcdSnapshots.File> saved = new ArrayList<>();
    snapshots.save(config, options, "before-loss", saved::add);
    assertThat(saved).extracting(EtcdSnapshots.File::host).containsExactlyInAnyOrder("master-1", "master-2", "master-3");
    for (String master : List.of("master-1", "master-2", "master-3")) {
      assertThat(zipEntries(fleet.node(master), "/opt/rke/etcd-snapshots/before-loss.zip")).as(master + "'s zip, in RKE's layout").contains("backup/before-loss",
          "etc/kubernetes/before-loss.slipwaystate");
      assertThat(fleet.node(master).exec("stat", "-c", "%a", "/opt/rke/etcd-snapshots/before-loss.zip").stdout()
          .strip()).isEqualTo("600");
    }
    assertThat(snapshots.list(config, options).missing("before-loss")).isEmpty();
    etcdctl(master1, "put", "/slipway-it/after", "lost");

    Throwable unknown = catchThrowable(() -> snapshots.restore(config, options, "no-such-snapshot", EventSink.none(),
        line -> { }));
    assertThat(unknown).isInstanceOf(BadInputException.class).hasMessageContaining("no etcd node holds a snapshot "
        + "named no-such-snapshot").hasMessageContaining("before-loss");
    assertThat(running(master1, "etcd")).as("nothing was stopped").isTrue();

    for (String master : List.of("master-1", "master-2", "master-3")) {
      FleetNode node = fleet.node(master);
      node.exec("docker", "rm", "-f", "etcd");
      assertThat(node.exec("sh", "-c", "rm -rf /var/lib/etcd/* && ls -A /var/lib/etcd").stdout()).isBlank();
    }

    List<String> said = new ArrayList<>();
    Up.Result restored = snapshots.restore(config, options, "before-loss", EventSink.none(), said::add);
    assertThat(restored.outcome().ok()).isTrue();
    assertThat(said).anyMatch(line -> line.contains("with the certificates of the snapshot"));
    assertThat(etcdctl(master1, "get", "/slipway-it/before", "--print-value-only").strip()).isEqualTo("saved");
    assertThat(etcdctl(master1, "get", "/slipway-it/after", "--print-value-only")).as("written after the snapshot")
        .isBlank();
    assertThat(master1.exec("docker", "exec", "etcd", "sh", "-c", "etcdctl endpoint health --cluster 2>&1").stdout())
        .doesNotContain("unhealthy").contains("is healthy");
    assertThat(etcdctl(master1, "member", "list").lines().count()).isEqualTo(3);
    awaitNodesReady(options);
    assertThat(Fingerprint.of(StateStore.load(options.stateFile()).certificates().orElseThrow())).isEqualTo(firstCa);
    assertThat(fleet.node("master-2").exec("test", "-e", "/opt/rke/etcd-snapshots/before-loss").succeeded())
        .as("the unzipped database is gone again").isFalse();

    snapshots.save(config, options, "kept", file -> { });
    assertThat(snapshots.remove(config, options, "before-loss")).hasSize(3);
    assertThat(snapshots.list(config, options).byName()).containsOnlyKeys("kept");

    byte[] state = Files.readAllBytes(options.stateFile());
    String stored = new Kubectl(options.kubeconfigFile(), Duration.ofSeconds(10)).run("-n", "kube-system", "get",
        "secret", "slipway-cluster-state", "-o", "jsonpath={.data.slipway\\.state}").output().strip();
    assertThat(Base64.getDecoder().decode(stored)).as("the cluster keeps a copy of the state").isEqualTo(state);
    Files.delete(options.stateFile());
    Files.delete(options.kubeconfigFile());
    RetrieveState.Retrieved retrieved = RetrieveState.run(config, options, Clock.systemUTC());
    assertThat(retrieved.origin()).isEqualTo("Secret kube-system/slipway-cluster-state on master-1");
    assertThat(retrieved.backup()).isEmpty();
    assertThat(Files.readAllBytes(options.stateFile())).as("the state file rebuilt from the cluster").isEqualTo(state);
    assertThat(Files.getPosixFilePermissions(options.stateFile())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(RetrieveState.run(config, options, Clock.systemUTC()).backup()).as("a second run keeps the first aside")
        .hasValueSatisfying(backup -> assertThat(backup).hasBinaryContent(state));
    FromState.writeKubeconfig(config, clusterFile);
    awaitNodesReady(options);

    Remove.Result removed = Remove.run(config, options, host -> { });
    assertThat(removed.hosts()).hasSize(NODES.size());
    for (String name : NODES) {
      FleetNode node = fleet.node(name);
      assertThat(node.exec("docker", "ps", "-aq").stdout()).as(name + " runs no container").isBlank();
      assertThat(node.exec("sh", "-c", "ls -A /etc/kubernetes /var/lib/etcd /var/lib/cni /etc/cni /opt/cni "
          + "/var/run/calico 2>/dev/null | grep -v ':$' | grep -v '^$' || true").stdout()).as(name + ": RKE's directories "
          + "are empty").isBlank();
    }
    assertThat(master1.exec("test", "-f", "/opt/rke/etcd-snapshots/kept.zip").succeeded()).as("snapshots stay")
        .isTrue();
    assertThat(options.stateFile()).doesNotExist();
    assertThat(options.kubeconfigFile()).doesNotExist();
    Throwable again = catchThrowable(() -> Remove.run(config, options, host -> { }));
    assertThat(again).isInstanceOf(BadInputException.class).hasMessageContaining("no state file");

    new Up(Clock.systemUTC()).run(config, options, EventSink.none());
    assertThat(Fingerprint.of(StateStore.load(options.stateFile()).certificates().orElseThrow()))
        .as("a fresh cluster, with a new CA").isNotEqualTo(firstCa);
    assertThat(etcdctl(master1, "get", "/slipway-it/before", "--print-value-only")).as("on fresh etcd data").isBlank();
    awaitNodesReady(options);
  }

  private static ClusterConfig writeClusterFile(Path clusterFile) throws Exception {
    FleetClusterFiles.write(fleet, clusterFile, "day-two-it", NODES, FleetClusterFiles.NO_SYSTEM_ADDONS);
    return ConfigLoader.load(clusterFile, Strictness.STRICT).config();
  }

  private static String etcdctl(FleetNode node, String... args) {
    List<String> command = new ArrayList<>(List.of("docker", "exec", "etcd", "etcdctl"));
    command.addAll(List.of(args));
    return node.exec(command.toArray(String[]::new)).stdout();
  }

  private static List<String> zipEntries(FleetNode node, String path) throws Exception {
    byte[] zip = Base64.getDecoder().decode(node.exec("base64", "-w0", path).stdout().strip());
    List<String> names = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        names.add(entry.getName());
      }
    }
    return names;
  }

  private static boolean running(FleetNode node, String container) {
    return node.exec("docker", "inspect", "--format", "{{.State.Running}}", container).stdout().strip().equals("true");
  }

  private static void awaitNodesReady(UpOptions options) {
    await().atMost(Duration.ofSeconds(120)).until(() -> {
      List<String> lines = new Kubectl(options.kubeconfigFile(), Duration.ofSeconds(10)).run("get", "nodes",
          "--no-headers").output().lines().toList();
      return lines.size() == NODES.size() && NODES.stream().allMatch(n -> lines.stream()
          .anyMatch(l -> l.startsWith(n + " ") && l.contains(" Ready ")));
    });
  }
}
