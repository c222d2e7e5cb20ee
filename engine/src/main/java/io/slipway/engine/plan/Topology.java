package io.slipway.engine.plan;

import io.slipway.engine.config.Addresses;
import io.slipway.engine.config.Cidr;
import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.KubernetesVersions;
import io.slipway.engine.config.NodeConfig;
import io.slipway.engine.config.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Facts the planner derives once from a defaulted config: nodes per role (in file order),
 * resolved image names (with the default private registry's prefix), addresses and paths.
 */
record Topology(ClusterConfig config, List<NodeConfig> etcd, List<NodeConfig> controlplane, List<NodeConfig> all,
    Map<String, Map<String, String>> serviceOptions, int minor) {

  static Topology of(ClusterConfig config) {
    List<NodeConfig> etcd = new ArrayList<>();
    List<NodeConfig> controlplane = new ArrayList<>();
    for (NodeConfig node : config.nodes()) {
      if (node.has(Role.ETCD)) {
        etcd.add(node);
      }
      if (node.has(Role.CONTROLPLANE)) {
        controlplane.add(node);
      }
    }
    return new Topology(config, List.copyOf(etcd), List.copyOf(controlplane), config.nodes(),
        KubernetesVersions.serviceOptions(config.kubernetesVersion(), config.systemImages().get("kubernetes")),
        KubernetesVersions.minor(config.kubernetesVersion()));
  }

  /** KDM's flags for a component of this version ({@link KubernetesVersions#SERVICES}); an empty value drops the flag. */
  Map<String, String> serviceOptions(String service) {
    return serviceOptions.getOrDefault(service, Map.of());
  }

  /** The image for a system_images key, prefixed with the default private registry as RKE does. */
  String image(String key) {
    return config.systemImage(key);
  }

  /** A host path under prefix_path (RKE's option for hosts with a read-only /etc, e.g. RancherOS). */
  String hostPath(String path) {
    String prefix = config.prefixPath();
    return prefix == null || prefix.equals("/") ? path : prefix.replaceAll("/+$", "") + path;
  }

  /** {@code etcd-master-1=https://10.0.0.11:2380,...}: every member of a new etcd cluster. */
  String initialCluster() {
    return String.join(",", etcd.stream().map(n -> etcdName(n) + "=" + Addresses.url("https", n.internalAddress(), 2380))
        .toList());
  }

  String etcdServers() {
    return String.join(",", etcd.stream().map(n -> Addresses.url("https", n.internalAddress(), 2379)).toList());
  }

  static String etcdName(NodeConfig node) {
    return "etcd-" + node.hostname();
  }

  /** The first address of the service range: the {@code kubernetes} service's cluster IP. */
  String kubernetesServiceIp() {
    return Cidr.parse(config.services().kubeApi().serviceClusterIpRange()).orElseThrow().address(1);
  }
}
