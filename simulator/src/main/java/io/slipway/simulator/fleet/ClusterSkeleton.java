package io.slipway.simulator.fleet;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.engine.config.KubernetesVersions;
import io.slipway.engine.config.Role;
import java.nio.file.Path;
import java.util.List;

/**
 * The one cluster.yml a fleet implies, that {@code fleet up} writes and scenarios start from:
 * every node as an RKE node entry (address and internal address on the fleet network, which
 * the Docker host reaches directly on Linux, or, on an engine elsewhere, its published sshd as
 * address and port; its sshd port and user; its roles; named by
 * {@code hostname_override}), the fleet's key, and every system image RKE names served by the
 * fleet's one components image, but the pod sandboxes' ({@code pod_infra_container}), which is the
 * fleet's small workload image.
 */
public final class ClusterSkeleton {

  /** The system_images keys the components image stands in for. */
  static final List<String> IMAGE_KEYS = List.of("etcd", "alpine", "nginx_proxy", "cert_downloader",
      "kubernetes_services_sidecar", "kubernetes");
  /** The system_images key of the image pod sandboxes run ({@code /pause}): the workload image. */
  static final String SANDBOX_KEY = "pod_infra_container";

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private ClusterSkeleton() {
  }

  /** The cluster.yml of {@code nodes}, named {@code clusterName}, at the walkthrough's Kubernetes version. */
  public static ObjectNode of(String clusterName, Path privateKey, List<FleetNode> nodes, String componentsImage,
      String workloadImage) {
    ObjectNode root = F.objectNode();
    root.put("cluster_name", clusterName);
    root.put("kubernetes_version", KubernetesVersions.WALKTHROUGH);
    root.put("ssh_key_path", privateKey.toAbsolutePath().toString());
    ArrayNode list = root.putArray("nodes");
    nodes.forEach(node -> list.add(node(node)));
    root.set("system_images", images(componentsImage, workloadImage));
    return root;
  }

  /** One node's entry. */
  public static ObjectNode node(FleetNode node) {
    ObjectNode entry = F.objectNode();
    entry.put("address", node.clusterEndpoint().host());
    entry.put("port", node.clusterEndpoint().port());
    entry.put("internal_address", node.internalAddress());
    entry.put("hostname_override", node.name());
    entry.put("user", node.user());
    ArrayNode roles = entry.putArray("role");
    node.roles().stream().sorted().map(Role::yamlName).forEach(roles::add);
    return entry;
  }

  /** {@code system_images} with every key served by the components image, and the sandboxes' by the workload image. */
  public static ObjectNode images(String componentsImage, String workloadImage) {
    ObjectNode images = F.objectNode();
    IMAGE_KEYS.forEach(key -> images.put(key, componentsImage));
    images.put(SANDBOX_KEY, workloadImage);
    return images;
  }
}
