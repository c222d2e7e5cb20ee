package io.slipway.benchmarks;

import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.KubernetesVersions;
import io.slipway.engine.config.Strictness;

/**
 * Clusters of any size for the benchmarks: {@code masters} controlplane+etcd nodes, the rest
 * workers; without RKE's system addons (network plugin, DNS, metrics server, ingress: a few steps
 * at the end of every plan, whatever its size, and the rendering of their manifests), so that the
 * figures measure how planning and execution grow with the nodes and stay comparable with those
 * taken before the addons were deployed. The four steps that remove them if an earlier run had
 * deployed them (one read each) stay.
 */
public final class Topologies {

  private Topologies() {
  }

  public static ClusterConfig cluster(int nodes, int masters) {
    if (masters >= nodes) {
      throw new IllegalArgumentException(nodes + " nodes cannot hold " + masters + " masters and a worker");
    }
    StringBuilder yaml = new StringBuilder("cluster_name: bench\nkubernetes_version: " + KubernetesVersions.DEFAULT
        + "\nmonitoring: {provider: none}\nnetwork: {plugin: none}\ndns: {provider: none}\ningress: {provider: none}"
        + "\nnodes:\n");
    for (int i = 0; i < nodes; i++) {
      boolean master = i < masters;
      yaml.append("  - {address: ").append(address(i)).append(", user: rke, role: [")
          .append(master ? "controlplane, etcd" : "worker").append("], hostname_override: ")
          .append(master ? "master-" + (i + 1) : "worker-" + (i - masters + 1)).append("}\n");
    }
    return ConfigLoader.parse("bench-" + nodes + ".yml", yaml.toString(), Strictness.STRICT).config();
  }

  /** 10.x.y.z addresses, distinct for up to 16 million nodes. */
  static String address(int i) {
    int n = i + 1;
    return "10." + ((n >> 16) & 0xff) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff);
  }
}
