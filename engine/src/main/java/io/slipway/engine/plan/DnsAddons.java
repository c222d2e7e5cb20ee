package io.slipway.engine.plan;

import static io.slipway.engine.plan.SystemAddons.or;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.Services;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * RKE's DNS addons (cluster.yml's {@code dns}): CoreDNS ({@code rke-coredns-addon}, the default
 * from Kubernetes 1.14) or kube-dns ({@code rke-kube-dns-addon}, before), none for {@code none};
 * then NodeLocal DNS ({@value #NODELOCAL}) when {@code dns.nodelocal.ip_address} is set. Each
 * the objects of RKE's template for the version with {@code system_images}, the cluster domain,
 * {@code cluster_dns_server}, the upstream servers, reverse CIDRs, stub domains, autoscaler
 * parameters, node selector, tolerations, update strategy and priority classes of cluster.yml.
 */
final class DnsAddons {

  static final String NODELOCAL = "rke-nodelocal-addon";
  /** The DNS Deployments' own tolerations, when cluster.yml gives none. */
  private static final Map<String, String> CRITICAL_ADDONS_ONLY = SystemAddons.toleration("CriticalAddonsOnly", null);
  private static final Map<String, String> NO_EXECUTE = SystemAddons.toleration(null, "NoExecute");
  private static final Map<String, String> NO_SCHEDULE = SystemAddons.toleration(null, "NoSchedule");

  private DnsAddons() {
  }

  static List<Addon> of(ClusterConfig config, int minor) {
    ClusterConfig.Dns dns = config.dns();
    String provider = provider(config, minor);
    List<Addon> addons = new ArrayList<>();
    Services.Kubelet kubelet = config.services().kubelet();
    List<ObjectNode> objects = switch (provider) {
      case "coredns" -> coredns(config, dns, kubelet, minor);
      case "kube-dns" -> kubeDns(config, dns, kubelet);
      default -> List.of();
    };
    if (objects.isEmpty()) {
      return addons;
    }
    addons.add(new Addon("rke-" + provider + "-addon",
        new Addon.Inline(ManifestTemplate.yaml(SystemAddons.rbac(config, objects))), false));
    nodeLocalAddress(config).ifPresent(address -> addons.add(new Addon(NODELOCAL, new Addon.Inline(
        ManifestTemplate.yaml(SystemAddons.rbac(config, nodelocal(config, dns, kubelet, address)))), false)));
    return addons;
  }

  /** RKE's DNS provider for the cluster: cluster.yml's, else CoreDNS from 1.14 and kube-dns before. */
  static String provider(ClusterConfig config, int minor) {
    ClusterConfig.Dns dns = config.dns();
    return dns != null && dns.provider() != null && !dns.provider().isEmpty() ? dns.provider()
        : minor >= 14 ? "coredns" : "kube-dns";
  }

  /** NodeLocal DNS's address, when set: the kubelets' {@code --cluster-dns} then names it, as RKE's do. */
  static Optional<String> nodeLocalAddress(ClusterConfig config) {
    ClusterConfig.Dns dns = config.dns();
    if (dns == null || dns.nodelocal() == null || !dns.nodelocal().hasNonNull("ip_address")
        || "none".equals(dns.provider())) {
      return Optional.empty();
    }
    String address = dns.nodelocal().get("ip_address").asText();
    return address.isEmpty() ? Optional.empty() : Optional.of(address);
  }

  private static List<ObjectNode> coredns(ClusterConfig config, ClusterConfig.Dns dns, Services.Kubelet kubelet,
      int minor) {
    Map<String, String> options = options(dns);
    List<JsonNode> configured = dns == null ? null : dns.tolerations();
    return ManifestTemplate.of("coredns")
        .with("corefile", corefile(dns, kubelet.clusterDomain(), minor))
        .with("replicas", minor >= 21 ? null : 1)  // from 1.21 the autoscaler alone sets it
        .with("updateStrategy", updateStrategy(dns, Map.of("maxUnavailable", 1, "maxSurge", 0)))
        .with("priorityClassName", or(options.get("coredns_priority_class_name"), "system-cluster-critical"))
        .with("tolerations", SystemAddons.tolerations(configured, CRITICAL_ADDONS_ONLY, NO_EXECUTE, NO_SCHEDULE))
        .with("nodeSelector", SystemAddons.nodeSelector(Map.of(minor >= 21 ? "kubernetes.io/os"
            : "beta.kubernetes.io/os", "linux"), dns == null ? null : dns.nodeSelector()))
        .with("image", config.systemImage("coredns"))
        .with("readinessPath", minor >= 16 ? "/ready" : "/health")
        .with("readinessPort", minor >= 16 ? 8181 : 8080)
        .with("clusterDnsServer", kubelet.clusterDnsServer())
        .with("autoscalerPriorityClassName", options.get("coredns_autoscaler_priority_class_name"))
        .with("autoscalerTolerations", SystemAddons.tolerations(configured, NO_EXECUTE, NO_SCHEDULE))
        .with("autoscalerImage", config.systemImage("coredns_autoscaler"))
        .with("linearParams", linearParams(dns, minor >= 16).toString())
        .objects();
  }

  /** CoreDNS's configuration as RKE's templates write it for the version. */
  private static String corefile(ClusterConfig.Dns dns, String domain, int minor) {
    List<String> reverse = reverseCidrs(dns);
    List<String> upstream = dns == null || dns.upstreamNameservers() == null || dns.upstreamNameservers().isEmpty()
        ? List.of("/etc/resolv.conf") : dns.upstreamNameservers();
    StringBuilder text = new StringBuilder(".:53 {\n    errors\n");
    text.append(minor >= 17 ? "    health {\n      lameduck 5s\n    }\n" : "    health\n");
    if (minor >= 16) {
      text.append("    ready\n");
    }
    text.append("    kubernetes ").append(domain).append(' ').append(String.join(" ", reverse)).append(" {\n")
        .append("      pods insecure\n");
    if (minor < 16) {
      text.append("      upstream\n");
    }
    text.append("      fallthrough in-addr.arpa ip6.arpa\n");
    if (minor < 16) {
      text.append("      ttl 30\n");
    }
    text.append("    }\n    prometheus :9153\n    forward . ").append(String.join(" ", upstream)).append('\n')
        .append("    cache 30\n    loop\n    reload\n    loadbalance\n}\n");
    return text.toString();
  }

  private static List<ObjectNode> kubeDns(ClusterConfig config, ClusterConfig.Dns dns, Services.Kubelet kubelet) {
    Map<String, String> options = options(dns);
    String domain = kubelet.clusterDomain();
    List<String> dnsmasq = new ArrayList<>(List.of("-v=2", "-logtostderr", "-configDir=/etc/k8s/dns/dnsmasq-nanny",
        "-restartDnsmasq=true", "--", "-k", "--cache-size=1000", "--log-facility=-",
        "--server=/" + domain + "/127.0.0.1#10053"));
    List<String> reverse = reverseCidrs(dns);
    reverse.forEach(cidr -> dnsmasq.add("--server=/" + cidr + "/127.0.0.1#10053"));
    Map<String, String> kubeDnsConfig = new LinkedHashMap<>();
    if (dns != null && dns.upstreamNameservers() != null && !dns.upstreamNameservers().isEmpty()) {
      kubeDnsConfig.put("upstreamNameservers", ManifestTemplate.tree(dns.upstreamNameservers()).toString());
    }
    if (dns != null && dns.stubDomains() != null && !dns.stubDomains().isEmpty()) {
      kubeDnsConfig.put("stubDomains", ManifestTemplate.tree(dns.stubDomains()).toString());
    }
    List<JsonNode> configured = dns == null ? null : dns.tolerations();
    return ManifestTemplate.of("kube-dns")
        .with("autoscalerPriorityClassName", options.get("kube_dns_autoscaler_priority_class_name"))
        .with("autoscalerTolerations", SystemAddons.tolerations(configured, NO_EXECUTE, NO_SCHEDULE))
        .with("autoscalerImage", config.systemImage("kubedns_autoscaler"))
        .with("linearParams", linearParams(dns, true).toString())
        .with("updateStrategy", updateStrategy(dns, Map.of("maxSurge", "10%", "maxUnavailable", 0)))
        .with("priorityClassName", options.get("kube_dns_priority_class_name"))
        .with("nodeSelector", SystemAddons.nodeSelector(Map.of(), dns == null ? null : dns.nodeSelector()))
        .with("tolerations", SystemAddons.tolerations(configured, CRITICAL_ADDONS_ONLY, NO_EXECUTE, NO_SCHEDULE))
        .with("kubednsImage", config.systemImage("kubedns"))
        .with("clusterDomain", domain)
        .with("dnsmasqImage", config.systemImage("dnsmasq"))
        .with("dnsmasqArgs", dnsmasq)
        .with("sidecarImage", config.systemImage("kubedns_sidecar"))
        .with("clusterDnsServer", kubelet.clusterDnsServer())
        .with("kubeDnsConfig", kubeDnsConfig.isEmpty() ? null : kubeDnsConfig)
        .objects();
  }

  private static List<ObjectNode> nodelocal(ClusterConfig config, ClusterConfig.Dns dns, Services.Kubelet kubelet,
      String address) {
    JsonNode settings = dns.nodelocal();
    Map<String, String> selector = new LinkedHashMap<>();
    settings.path("node_selector").fields().forEachRemaining(e -> selector.put(e.getKey(), e.getValue().asText()));
    return ManifestTemplate.of("nodelocal")
        .with("clusterDomain", kubelet.clusterDomain())
        .with("ipAddress", address)
        .with("clusterDnsServer", kubelet.clusterDnsServer())
        .with("updateStrategy", SystemAddons.updateStrategy(settings.get("update_strategy"), 1))
        .with("priorityClassName", or(settings.path("node_local_dns_priority_class_name").asText(""),
            "system-node-critical"))
        .with("nodeSelector", SystemAddons.nodeSelector(Map.of(), selector))
        .with("image", config.systemImage("nodelocal"))
        .objects();
  }

  /** The autoscaler's linear parameters: cluster.yml's, else RKE's (a replica per 128 cores or 4 nodes, at least 1). */
  private static ObjectNode linearParams(ClusterConfig.Dns dns, boolean preventSinglePointFailure) {
    JsonNode configured = dns == null ? null : dns.linearAutoscalerParams();
    ObjectNode params = (ObjectNode) ManifestTemplate.tree(Map.of());
    params.set("coresPerReplica", number(configured, "cores_per_replica", 128));
    params.set("nodesPerReplica", number(configured, "nodes_per_replica", 4));
    params.set("min", number(configured, "min", 1));
    if (configured != null && configured.path("max").asInt(0) != 0) {
      params.put("max", configured.path("max").asInt());
    }
    if (preventSinglePointFailure) {
      params.put("preventSinglePointFailure", configured == null || !configured.has("prevent_single_point_failure")
          || configured.path("prevent_single_point_failure").asBoolean());
    }
    return params;
  }

  /** A parameter as RKE writes it: a whole number without a fraction. */
  private static JsonNode number(JsonNode configured, String key, int fallback) {
    double value = configured == null || !configured.hasNonNull(key) ? fallback : configured.get(key).asDouble(fallback);
    return value == Math.rint(value) ? IntNode.valueOf((int) value) : DoubleNode.valueOf(value);
  }

  private static JsonNode updateStrategy(ClusterConfig.Dns dns, Map<String, Object> rolling) {
    if (dns != null && dns.updateStrategy() != null && !dns.updateStrategy().isEmpty()) {
      return dns.updateStrategy();
    }
    return ManifestTemplate.tree(Map.of("type", "RollingUpdate", "rollingUpdate", rolling));
  }

  /** The zones served for reverse lookups: cluster.yml's {@code reversecidrs}, else both of IPv4's and IPv6's. */
  private static List<String> reverseCidrs(ClusterConfig.Dns dns) {
    return dns == null || dns.reverseCidrs() == null || dns.reverseCidrs().isEmpty()
        ? List.of("in-addr.arpa", "ip6.arpa") : dns.reverseCidrs();
  }

  private static Map<String, String> options(ClusterConfig.Dns dns) {
    return dns == null || dns.options() == null ? Map.of() : dns.options();
  }
}
