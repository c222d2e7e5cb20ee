package io.slipway.engine.plan;

import io.slipway.engine.BadInputException;
import io.slipway.engine.config.Addresses;
import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.NodeConfig;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one-shot containers of RKE's etcd snapshot commands, as RKE runs them on each etcd node:
 * {@code etcd-snapshot-once} (rke-tools' {@code etcd-backup save --once}: the snapshot zipped as
 * {@code /opt/rke/etcd-snapshots/NAME.zip} with the state file beside the database),
 * {@code etcd-remove-snapshot} ({@code etcd-backup delete}), and {@code etcd-restore} (etcd's
 * {@code etcdctl snapshot restore} into a fresh data directory with the cluster's members as
 * the initial cluster, moved into place). Pure: specs only.
 */
public final class SnapshotContainers {

  /** Where RKE keeps snapshots on every etcd node (not under prefix_path). */
  public static final String DIRECTORY = Paths.SNAPSHOTS;
  public static final String SAVE = "etcd-snapshot-once";
  public static final String DELETE = "etcd-remove-snapshot";
  public static final String RESTORE = "etcd-restore";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+-]{0,199}");
  private static final String RESTORE_DIR = "/opt/rke/etcd-snapshots-restore";
  private static final Pattern ETCD_TAG = Pattern.compile(":v(\\d+)\\.(\\d+)\\.(\\d+)");

  private SnapshotContainers() {
  }

  /** {@code name} when it can name a snapshot file (letters, digits, {@code . _ : + -}); a bad-input error otherwise. */
  public static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches() || name.endsWith(".zip")) {
      throw new BadInputException("snapshot name " + (name == null ? "(none)" : "\"" + name + "\"") + " cannot name a "
          + "snapshot: use letters, digits and . _ : + - (at most 200, without .zip), e.g. rke_etcd_snapshot_2026-12-01");
    }
    return name;
  }

  /** The zip a snapshot of {@code name} is on each etcd node. */
  public static String zip(String name) {
    return DIRECTORY + "/" + checkName(name) + ".zip";
  }

  /** The database of snapshot {@code name}, unzipped beside its zip for a restore. */
  public static String database(String name) {
    return DIRECTORY + "/" + checkName(name);
  }

  /** The state file put beside etcd's database in the zip: {@code /etc/kubernetes/NAME.slipwaystate}. */
  public static String stateFile(ClusterConfig config, String name) {
    return Topology.of(config).hostPath(Paths.KUBERNETES) + "/" + checkName(name) + ".slipwaystate";
  }

  /** Saves snapshot {@code name} of the member on {@code node} and exits. */
  public static ContainerSpec save(ClusterConfig config, NodeConfig node, String name) {
    Topology t = Topology.of(config);
    List<String> command = List.of("/opt/rke-tools/rke-etcd-backup", "etcd-backup", "save",
        "--cacert", Paths.CA, "--cert", Paths.cert("kube-node"), "--key", Paths.key("kube-node"),
        "--name", checkName(name), "--endpoints=" + Addresses.hostPort(node.internalAddress(), 2379), "--once");
    return oneShot(SAVE, t.image("alpine"), command, List.of(DIRECTORY + ":/backup:z",
        t.hostPath(Paths.KUBERNETES) + ":" + Paths.KUBERNETES + ":z"));
  }

  /** Deletes snapshot {@code name} (its zip and any unzipped database) on the node it runs on. */
  public static ContainerSpec delete(ClusterConfig config, String name) {
    return oneShot(DELETE, Topology.of(config).image("alpine"), List.of("/opt/rke-tools/rke-etcd-backup", "etcd-backup",
        "delete", "--name", checkName(name)), List.of(DIRECTORY + ":/backup:z"));
  }

  /**
   * Restores the unzipped database of snapshot {@code name} as the data of the member on
   * {@code node}: a fresh data directory for every member of the cluster as the initial cluster,
   * under {@code token}, moved in place of what etcd's data directory held.
   */
  public static ContainerSpec restore(ClusterConfig config, NodeConfig node, String name, String token) {
    Topology t = Topology.of(config);
    String restore = "rm -rf " + RESTORE_DIR + " && etcdctl snapshot restore /opt/rke/etcd-snapshots/" + checkName(name)
        + " --data-dir=" + RESTORE_DIR + " --name=" + Topology.etcdName(node) + " --initial-cluster=" + t.initialCluster()
        + " --initial-cluster-token=" + token + " --initial-advertise-peer-urls="
        + Addresses.url("https", node.internalAddress(), 2380)
        + " && rm -rf /var/lib/rancher/etcd/member && mv " + RESTORE_DIR + "/member /var/lib/rancher/etcd/"
        + " && rm -rf " + RESTORE_DIR;
    return oneShot(RESTORE, restoreImage(t), List.of("sh", "-c", restore), List.of("/opt/rke:/opt/rke:z",
        t.hostPath(Paths.ETCD_DATA) + ":/var/lib/rancher/etcd:z"));
  }

  /**
   * The etcd image, which has a shell and etcdctl, but for etcd 3.5.7 and later, whose stock images
   * have no shell: then the {@code alpine} image (rke-tools), as RKE does.
   */
  private static String restoreImage(Topology t) {
    String etcd = t.image("etcd");
    Matcher version = ETCD_TAG.matcher(etcd);
    if (version.find()) {
      int minor = Integer.parseInt(version.group(2));
      int patch = Integer.parseInt(version.group(3));
      boolean distroless = Integer.parseInt(version.group(1)) > 3 || minor > 5 || minor == 5 && patch >= 7;
      if (distroless) {
        return t.image("alpine");
      }
    }
    return etcd;
  }

  private static ContainerSpec oneShot(String name, String image, List<String> command, List<String> binds) {
    ContainerSpec bare = new ContainerSpec(name, image, command, List.of("ETCDCTL_API=3"), binds, "host", "", false,
        "no", Map.of(), List.of(), List.of(), true);
    return bare.withLabels(Map.of(ContainerSpec.MANAGED_LABEL, "true", ContainerSpec.HASH_LABEL, bare.hash()));
  }
}
