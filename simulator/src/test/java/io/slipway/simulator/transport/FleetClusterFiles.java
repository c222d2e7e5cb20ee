package io.slipway.simulator.transport;

import io.slipway.engine.config.Role;
import io.slipway.simulator.fleet.ContainerFleet;
import io.slipway.simulator.fleet.FleetNode;
import io.slipway.simulator.image.SlipwayImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** cluster.yml for some of a fleet's nodes: root logins, masters as controlplane+etcd, the fleet's images. */
final class FleetClusterFiles {

  /**
   * RKE's system addons but the network plugin (the one that fails {@code up}) switched off, for
   * the tests that are not about addons: each costs a cold {@code up} seconds of its job and its
   * pods' start (PlanPreviewIT, ReferenceTopologyIT, KubectlIT and suite 09 keep them all).
   */
  static final String ONLY_NETWORK_ADDON = "dns: {provider: none}\ningress: {provider: none}\n"
      + "monitoring: {provider: none}\n";
  /** Every system addon switched off. */
  static final String NO_SYSTEM_ADDONS = "network: {plugin: none}\n" + ONLY_NETWORK_ADDON;

  private FleetClusterFiles() {
  }

  static void write(ContainerFleet fleet, Path file, String clusterName, List<String> nodes, String addons)
      throws IOException {
    write(fleet, file, clusterName, nodes, "v1.13.5-rancher1-2", addons);
  }

  /**
   * As above, at {@code version}: the fleet's components image for it when the fleet serves one;
   * {@code addons} ({@link #ONLY_NETWORK_ADDON}, {@link #NO_SYSTEM_ADDONS}) appended.
   */
  static void write(ContainerFleet fleet, Path file, String clusterName, List<String> nodes, String version,
      String addons) throws IOException {
    String image = fleet.componentsImage(version).orElse(fleet.imageReference(SlipwayImage.COMPONENTS));
    StringBuilder yaml = new StringBuilder("cluster_name: " + clusterName + "\nkubernetes_version: " + version + "\n"
        + "ssh_key_path: " + fleet.privateKey() + "\nnodes:\n");
    for (String name : nodes) {
      FleetNode node = fleet.node(name);
      yaml.append("  - {address: %s, user: root, role: [%s], hostname_override: %s}\n".formatted(node.internalAddress(),
          node.roles().contains(Role.WORKER) ? "worker" : "controlplane, etcd", name));
    }
    // pods' sandboxes run /pause of the workload image, as the fleet's own cluster.yml has it
    yaml.append(("system_images: {etcd: %1$s, alpine: %1$s, nginx_proxy: %1$s, kubernetes: %1$s, pod_infra_container: %2$s,"
        + " kubernetes_services_sidecar: %1$s}\n").formatted(image, fleet.imageReference(SlipwayImage.WORKLOAD)));
    yaml.append(addons);
    Files.writeString(file, yaml);
  }
}
