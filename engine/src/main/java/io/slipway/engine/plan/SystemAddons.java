package io.slipway.engine.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.engine.config.ClusterConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * RKE's system addons for a cluster, in the order RKE deploys them after the nodes are labelled:
 * the network plugin, the DNS provider and NodeLocal DNS, the metrics server, the ingress
 * controller. Also what their manifests share: RKE's default update strategies, tolerations and
 * node selectors, and the RBAC objects left out when {@code authorization.mode} is {@code none}.
 */
final class SystemAddons {

  private static final Set<String> RBAC_KINDS = Set.of("ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");

  private SystemAddons() {
  }

  /** What {@code up} does about one of RKE's system addons. */
  sealed interface Action {
    String name();
  }

  /** Deploys the addon (or leaves it, when it is deployed as it is). */
  record Deploy(Addon addon) implements Action {
    @Override
    public String name() {
      return addon.name();
    }
  }

  /** Removes what an earlier run deployed of the addon, if it did, because of {@code reason}. */
  record Remove(String name, String reason) implements Action {
  }

  /** The system addons {@code up} deploys for {@code config}, in RKE's order. */
  static List<Addon> of(ClusterConfig config, int minor) {
    return actions(config, minor).stream().filter(Deploy.class::isInstance).map(a -> ((Deploy) a).addon()).toList();
  }

  /**
   * Every system addon {@code up} deploys or removes, in RKE's order: the network plugin; the DNS
   * providers not chosen removed, the chosen one deployed, NodeLocal DNS deployed or removed
   * (nothing of DNS when its provider is none but the removal of both); the metrics server and
   * the ingress controller each deployed, or removed when their provider is none.
   */
  static List<Action> actions(ClusterConfig config, int minor) {
    List<Action> actions = new ArrayList<>();
    NetworkPlugin.of(config, minor).map(Deploy::new).ifPresent(actions::add);
    String dns = DnsAddons.provider(config, minor);
    for (String other : List.of("kube-dns", "coredns")) {
      if (!other.equals(dns)) {
        actions.add(new Remove("rke-" + other + "-addon", "dns.provider is " + dns));
      }
    }
    List<Addon> dnsAddons = DnsAddons.of(config, minor);
    dnsAddons.forEach(addon -> actions.add(new Deploy(addon)));
    if (!dns.equals("none") && dnsAddons.stream().noneMatch(a -> a.name().equals(DnsAddons.NODELOCAL))) {
      actions.add(new Remove(DnsAddons.NODELOCAL, "dns.nodelocal has no ip_address"));
    }
    actions.add(MetricsServer.of(config, minor).<Action>map(Deploy::new)
        .orElse(new Remove(MetricsServer.NAME, "monitoring.provider is none")));
    actions.add(IngressNginx.of(config, minor).<Action>map(Deploy::new)
        .orElse(new Remove(IngressNginx.NAME, "ingress.provider is none")));
    return actions;
  }

  /** {@code objects} without the roles and bindings when the cluster does not authorize by RBAC, as RKE's templates. */
  static List<ObjectNode> rbac(ClusterConfig config, List<ObjectNode> objects) {
    boolean rbac = config.authorization() == null || config.authorization().mode() == null
        || config.authorization().mode().equals("rbac");
    return rbac ? objects : objects.stream().filter(o -> !RBAC_KINDS.contains(o.path("kind").asText())).toList();
  }

  /** cluster.yml's update strategy for the addon, else RKE's: a rolling update, {@code maxUnavailable} at a time. */
  static JsonNode updateStrategy(JsonNode configured, Object maxUnavailable) {
    if (configured != null && !configured.isNull() && !configured.isEmpty()) {
      return configured;
    }
    Map<String, Object> rolling = new LinkedHashMap<>();
    rolling.put("maxUnavailable", maxUnavailable);
    return ManifestTemplate.tree(Map.of("type", "RollingUpdate", "rollingUpdate", rolling));
  }

  /** The template's own node selector with cluster.yml's entries added; null (left out) when empty. */
  static Map<String, String> nodeSelector(Map<String, String> own, Map<String, String> configured) {
    Map<String, String> selector = new LinkedHashMap<>(own);
    if (configured != null) {
      selector.putAll(configured);
    }
    return selector.isEmpty() ? null : selector;
  }

  /** cluster.yml's tolerations for the addon, else the template's own. */
  static List<Object> tolerations(List<JsonNode> configured, Map<?, ?>... fallback) {
    return configured != null && !configured.isEmpty() ? List.copyOf(configured) : List.of((Object[]) fallback);
  }

  /** {@code value}, or {@code fallback} when it is absent or empty (as RKE reads its options). */
  static String or(String value, String fallback) {
    return value == null || value.isEmpty() ? fallback : value;
  }

  /** {@code value} as a whole number, or {@code fallback} when it is absent or not one (RKE's atoiWithDefault). */
  static int integer(String value, int fallback) {
    try {
      return value == null || value.isEmpty() ? fallback : Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** A toleration of every value of {@code key} (null: every key) with {@code effect} (null: every effect). */
  static Map<String, String> toleration(String key, String effect) {
    Map<String, String> toleration = new LinkedHashMap<>();
    if (key != null) {
      toleration.put("key", key);
    }
    toleration.put("operator", "Exists");
    if (effect != null) {
      toleration.put("effect", effect);
    }
    return toleration;
  }
}
