package io.slipway.engine.state;

import io.slipway.engine.config.Role;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The cluster as the last successful run left it: which node had which roles, and which etcd
 * members exist, and the Kubernetes version it runs ({@code kubernetesVersion}, null when the
 * state was written before it was recorded). {@link #EMPTY} for a cluster that was never deployed.
 */
public record ClusterState(List<NodeRecord> nodes, String kubernetesVersion) {

  public static final ClusterState EMPTY = new ClusterState(List.of());

  /**
   * One node as last deployed, with how it was reached, so that a node later dropped from
   * cluster.yml can still be cleaned up ({@code ssh} is null in state files written before it
   * was recorded), and the spec hash of each container it was left running ({@code containers},
   * by name; empty in state files written before it was recorded), from which {@code plan
   * --offline} works.
   */
  public record NodeRecord(String hostname, String address, String internalAddress, Set<Role> roles, Ssh ssh,
      Map<String, String> containers) {
    public NodeRecord {
      roles = Set.copyOf(roles);
      containers = Collections.unmodifiableMap(new TreeMap<>(containers));
    }

    public NodeRecord(String hostname, String address, String internalAddress, Set<Role> roles, Ssh ssh) {
      this(hostname, address, internalAddress, roles, ssh, Map.of());
    }

    public NodeRecord(String hostname, String address, String internalAddress, Set<Role> roles) {
      this(hostname, address, internalAddress, roles, null);
    }
  }

  /** How a node was reached: SSH port, user, key file (null for the cluster's) and Docker socket. */
  public record Ssh(int port, String user, String keyPath, String dockerSocket) {
  }

  public ClusterState {
    nodes = List.copyOf(nodes);
  }

  /** Nodes with no version recorded. */
  public ClusterState(List<NodeRecord> nodes) {
    this(nodes, null);
  }

  public Optional<NodeRecord> node(String hostname) {
    return nodes.stream().filter(n -> n.hostname().equals(hostname)).findFirst();
  }

  /** Whether an etcd cluster exists already (new members then join it instead of forming one). */
  public boolean hasEtcd() {
    return nodes.stream().anyMatch(n -> n.roles().contains(Role.ETCD));
  }
}
