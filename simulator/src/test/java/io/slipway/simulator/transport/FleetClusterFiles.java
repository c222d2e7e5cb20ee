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

  private FleetClusterFiles() {
  }

  static void write(ContainerFleet fleet, Path file, String clusterName, List<String> nodes) throws IOException {
    write(fleet, file, clusterName, nodes, "v1.13.5-rancher1-2");
  }

  /** As above, at {@code version}: the fleet's components image for it when the fleet serves one. */
  static void write(ContainerFleet fleet, Path file, String clusterName, List<String> nodes, String version)
      throws IOException {
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
    Files.writeString(file, yaml);
  }
}
