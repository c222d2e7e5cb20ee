package io.slipway.engine.plan;

import static io.slipway.engine.plan.SystemAddons.integer;
import static io.slipway.engine.plan.SystemAddons.or;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.engine.config.ClusterConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * RKE's network plugin addon ({@value #NAME}, cluster.yml's {@code network.plugin}: canal by
 * default, flannel, calico or weave; none deploys nothing): the objects of RKE's template for the
 * plugin and version, with the plugin's images from {@code system_images}, the pod range
 * ({@code services.kube-controller.cluster_cidr}), {@code network.mtu}, the interface and backend
 * options, {@code node_selector}, {@code update_strategy}, {@code tolerations} and the priority
 * classes. Before 1.16 the CRDs are {@code apiextensions.k8s.io/v1beta1}; calico's kube-controllers
 * join canal from 1.19, as in RKE's templates. The only critical system addon: {@code up} fails
 * with it.
 */
final class NetworkPlugin {

  static final String NAME = "rke-network-plugin";
  private static final String ALL_NODES = "kubernetes.io/os";

  private NetworkPlugin() {
  }

  /** The addon, or empty for {@code none} (or a plugin RKE knows that Slipway does not deploy, aci). */
  static Optional<Addon> of(ClusterConfig config, int minor) {
    ClusterConfig.Network network = config.network();
    String plugin = network == null || network.plugin() == null ? "canal" : network.plugin();
    List<ObjectNode> objects = switch (plugin) {
      case "canal" -> canal(config, network, minor);
      case "calico" -> calico(config, network, minor);
      case "flannel" -> flannel(config, network);
      case "weave" -> weave(config, network);
      default -> List.of();
    };
    if (objects.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Addon(NAME, new Addon.Inline(ManifestTemplate.yaml(SystemAddons.rbac(config, objects)))));
  }

  private static List<ObjectNode> canal(ClusterConfig config, ClusterConfig.Network network, int minor) {
    Map<String, String> options = options(network);
    String iface = or(options.get("canal_iface"), provider(network.canalNetworkProvider(), "iface"));
    List<ObjectNode> objects = new ArrayList<>(ManifestTemplate.of("canal")
        .with("iface", iface == null ? "" : iface)
        .with("mtu", mtu(network, "1450"))
        .with("clusterCidr", config.services().kubeController().clusterCidr())
        .with("backendType", or(options.get("canal_flannel_backend_type"), "vxlan"))
        .with("updateStrategy", SystemAddons.updateStrategy(network.updateStrategy(), 1))
        .with("nodeSelector", SystemAddons.nodeSelector(Map.of(ALL_NODES, "linux"), network.nodeSelector()))
        .with("priorityClassName", or(options.get("canal_priority_class_name"), "system-node-critical"))
        .with("cniImage", config.systemImage("canal_cni"))
        .with("installCommand", List.of(minor >= 19 ? "/opt/cni/bin/install" : "/install-cni.sh"))
        .with("nodeImage", config.systemImage("canal_node"))
        .with("flannelImage", config.systemImage("canal_flannel"))
        .objects());
    objects.addAll(1, CalicoCrds.objects(minor));
    if (minor >= 19) {
      objects.addAll(kubeControllers(config, network, minor, "canal_controllers"));
    }
    return objects;
  }

  private static List<ObjectNode> calico(ClusterConfig config, ClusterConfig.Network network, int minor) {
    Map<String, String> options = options(network);
    List<ObjectNode> objects = new ArrayList<>(ManifestTemplate.of("calico")
        .with("mtu", mtu(network, "1440"))
        .with("clusterCidr", config.services().kubeController().clusterCidr())
        .with("updateStrategy", SystemAddons.updateStrategy(network.updateStrategy(), 1))
        .with("nodeSelector", SystemAddons.nodeSelector(Map.of(ALL_NODES, "linux"), network.nodeSelector()))
        .with("priorityClassName", or(options.get("calico_node_priority_class_name"), "system-node-critical"))
        .with("cniImage", config.systemImage("calico_cni"))
        .with("installCommand", List.of(minor >= 19 ? "/opt/cni/bin/install" : "/install-cni.sh"))
        .with("nodeImage", config.systemImage("calico_node"))
        .objects());
    objects.addAll(1, CalicoCrds.objects(minor));
    objects.addAll(kubeControllers(config, network, minor, "calico_controllers"));
    return objects;
  }

  private static List<ObjectNode> kubeControllers(ClusterConfig config, ClusterConfig.Network network, int minor,
      String image) {
    return ManifestTemplate.of("calico-kube-controllers")
        .with("controllersTolerations", SystemAddons.tolerations(network.tolerations(),
            SystemAddons.toleration(null, "NoSchedule"), SystemAddons.toleration("CriticalAddonsOnly", null),
            SystemAddons.toleration(null, "NoExecute")))
        .with("controllersPriorityClassName", or(options(network).get("calico_kube_controllers_priority_class_name"),
            "system-cluster-critical"))
        .with("controllersImage", config.systemImage(image))
        .with("pdbApiVersion", minor >= 21 ? "policy/v1" : "policy/v1beta1")
        .objects();
  }

  private static List<ObjectNode> flannel(ClusterConfig config, ClusterConfig.Network network) {
    Map<String, String> options = options(network);
    String iface = or(options.get("flannel_iface"), provider(network.flannelNetworkProvider(), "iface"));
    List<String> command = new ArrayList<>(List.of("/opt/bin/flanneld", "--ip-masq", "--kube-subnet-mgr"));
    if (iface != null && !iface.isEmpty()) {
      command.add("--iface=" + iface);
    }
    return ManifestTemplate.of("flannel")
        .with("clusterCidr", config.services().kubeController().clusterCidr())
        .with("backendType", or(options.get("flannel_backend_type"), "vxlan"))
        .with("vni", integer(options.get("flannel_backend_vni"), 1))
        .with("port", integer(options.get("flannel_backend_port"), 8472))
        .with("updateStrategy", SystemAddons.updateStrategy(network.updateStrategy(), "20%"))
        .with("nodeSelector", SystemAddons.nodeSelector(Map.of(), network.nodeSelector()))
        .with("priorityClassName", or(options.get("kube_flannel_priority_class_name"), "system-node-critical"))
        .with("cniImage", config.systemImage("flannel_cni"))
        .with("image", config.systemImage("flannel"))
        .with("command", command)
        .objects();
  }

  private static List<ObjectNode> weave(ClusterConfig config, ClusterConfig.Network network) {
    Map<String, String> options = options(network);
    List<Map<String, Object>> env = new ArrayList<>();
    env.add(Map.of("name", "INIT_CONTAINER", "value", "true"));
    env.add(Map.of("name", "HOSTNAME", "valueFrom", Map.of("fieldRef", Map.of("apiVersion", "v1",
        "fieldPath", "spec.nodeName"))));
    env.add(Map.of("name", "IPALLOC_RANGE", "value", config.services().kubeController().clusterCidr()));
    String password = or(options.get("weave_password"), provider(network.weaveNetworkProvider(), "password"));
    if (password != null && !password.isEmpty()) {
      env.add(Map.of("name", "WEAVE_PASSWORD", "value", password));
    }
    if (network.mtu() != null && network.mtu() != 0) {
      env.add(Map.of("name", "WEAVE_MTU", "value", Integer.toString(network.mtu())));
    }
    return ManifestTemplate.of("weave")
        .with("updateStrategy", SystemAddons.updateStrategy(network.updateStrategy(), 1))
        .with("nodeSelector", SystemAddons.nodeSelector(Map.of(), network.nodeSelector()))
        .with("priorityClassName", options.get("weave_net_priority_class_name"))
        .with("image", config.systemImage("weave_node"))
        .with("weaveEnv", env)
        .with("npcImage", config.systemImage("weave_cni"))
        .with("pluginsImage", config.systemImage("alpine"))
        .objects();
  }

  private static Map<String, String> options(ClusterConfig.Network network) {
    return network.options() == null ? Map.of() : network.options();
  }

  private static String mtu(ClusterConfig.Network network, String fallback) {
    return network.mtu() == null || network.mtu() == 0 ? fallback : Integer.toString(network.mtu());
  }

  private static String provider(JsonNode settings, String key) {
    return settings == null || !settings.hasNonNull(key) ? null : settings.get(key).asText();
  }
}
