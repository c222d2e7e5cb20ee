package io.slipway.engine.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks of the {@code services}, {@code network} and {@code authorization} sections: address
 * ranges, cluster DNS, kubelet reservation flags, snapshot durations, ignored keys.
 */
final class ServiceRules {

  private static final Pattern GO_DURATION = Pattern.compile("(\\d+(\\.\\d+)?(ns|us|µs|ms|s|m|h))+");
  private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");
  private static final Map<String, BigDecimal> GO_UNITS = Map.of("ns", BigDecimal.ONE, "us", BigDecimal.valueOf(1_000L),
      "µs", BigDecimal.valueOf(1_000L), "ms", BigDecimal.valueOf(1_000_000L), "s", BigDecimal.valueOf(1_000_000_000L),
      "m", BigDecimal.valueOf(60_000_000_000L), "h", BigDecimal.valueOf(3_600_000_000_000L));
  /** kube-apiserver refuses a larger service range: "for 32-bit addresses, the mask must be >= 12". */
  private static final int WIDEST_SERVICE_RANGE = 12;
  private static final Pattern PORT_RANGE = Pattern.compile("(\\d{1,5})-(\\d{1,5})");
  private static final String KUBELET_ARGS = "services.kubelet.extra_args";

  private final YamlSource source;
  private final ClusterConfig config;
  private final List<Problem> problems = new ArrayList<>();

  private ServiceRules(YamlSource source, ClusterConfig config) {
    this.source = source;
    this.config = config;
  }

  static List<Problem> check(YamlSource source, ClusterConfig config) {
    ServiceRules rules = new ServiceRules(source, config);
    rules.ranges();
    rules.kubeletFlags();
    rules.snapshots();
    rules.choices();
    rules.ignoredImages();
    return rules.problems;
  }

  private void ranges() {
    Services s = config.services();
    Optional<Cidr> services = cidr("services.kube-api.service_cluster_ip_range", s.kubeApi().serviceClusterIpRange());
    if (services.isPresent() && services.get().prefix() < WIDEST_SERVICE_RANGE) {
      error("services.kube-api.service_cluster_ip_range", "\"" + services.get() + "\" is too large for kube-apiserver; "
          + "a service range is /" + WIDEST_SERVICE_RANGE + " or smaller, such as 10.43.0.0/16");
    }
    // Unless written, the controller's service range is the apiserver's; report a bad one only once.
    String controllerPath = "services.kube-controller.service_cluster_ip_range";
    Optional<Cidr> controllerServices = source.node(controllerPath).isMissingNode()
        ? services : cidr(controllerPath, s.kubeController().serviceClusterIpRange());
    Optional<Cidr> pods = cidr("services.kube-controller.cluster_cidr", s.kubeController().clusterCidr());
    if (services.isPresent() && controllerServices.isPresent() && !services.equals(controllerServices)) {
      error("services.kube-controller.service_cluster_ip_range", "differs from services.kube-api."
          + "service_cluster_ip_range (" + services.get() + "); both must name the same service range");
    }
    if (services.isPresent() && pods.isPresent() && services.get().overlaps(pods.get())) {
      error("services.kube-controller.cluster_cidr", "pod range " + pods.get() + " overlaps the service range "
          + services.get() + "; pick disjoint ranges");
    }
    String domain = s.kubelet().clusterDomain();
    if (!Validator.DNS_SUBDOMAIN.matcher(domain).matches()) {  // pods search it: it must be a DNS name
      error("services.kubelet.cluster_domain", "\"" + domain + "\" is not a DNS domain (lower-case letters, digits, "
          + "'-' and '.'), such as cluster.local");
    }
    String dns = s.kubelet().clusterDnsServer();
    Optional<Long> dnsAddress = Cidr.parseAddress(dns);
    if (dnsAddress.isEmpty()) {
      error("services.kubelet.cluster_dns_server", "\"" + dns + "\" is not an IPv4 address");
    } else if (services.isPresent() && !services.get().contains(dnsAddress.get())) {
      error("services.kubelet.cluster_dns_server", "cluster DNS " + dns + " is outside the service range "
          + services.get() + "; pick an address inside it, e.g. " + services.get().address(10));
    }
    var ports = PORT_RANGE.matcher(s.kubeApi().serviceNodePortRange());
    if (!ports.matches() || Integer.parseInt(ports.group(1)) > Integer.parseInt(ports.group(2))
        || Integer.parseInt(ports.group(2)) > 65535) {
      error("services.kube-api.service_node_port_range", "\"" + s.kubeApi().serviceNodePortRange()
          + "\" is not a port range such as 30000-32767");
    }
  }

  private Optional<Cidr> cidr(String path, String text) {
    Optional<Cidr> cidr = Cidr.parse(text);
    if (cidr.isEmpty()) {
      error(path, "\"" + text + "\" is not an IPv4 network in CIDR notation with zero host bits, such as 10.43.0.0/16");
    }
    return cidr;
  }

  private void kubeletFlags() {
    Map<String, String> args = config.services().kubelet().extraArgs();
    Map<String, Consumer<String>> parsers = new TreeMap<>(Map.of(
        "kube-reserved", KubeletReservations::parseReservation,
        "system-reserved", KubeletReservations::parseReservation,
        "eviction-hard", KubeletReservations::parseEviction,
        "eviction-soft", KubeletReservations::parseEviction));
    parsers.forEach((flag, parser) -> {
      if (args.containsKey(flag)) {
        try {
          parser.accept(args.get(flag));
        } catch (IllegalArgumentException e) {
          error(YamlSource.child(KUBELET_ARGS, flag), "malformed --" + flag + ": " + e.getMessage());
        }
      }
    });
  }

  private void snapshots() {
    Services.Etcd etcd = config.services().etcd();
    for (var entry : Map.of("creation", etcd.creation(), "retention", etcd.retention()).entrySet()) {
      String path = "services.etcd." + entry.getKey();
      String text = entry.getValue();
      if (!GO_DURATION.matcher(text).matches()) {
        error(path, "\"" + text + "\" is not a duration such as 12h or 30m");
      } else if (nanos(text).signum() == 0) {
        // rke-tools' etcd-rolling-snapshots ticks every "creation": Go's time.NewTicker panics at zero
        error(path, "\"" + text + "\" is zero; snapshots need a positive interval and retention, such as 12h or 30m");
      } else if (nanos(text).compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
        error(path, "\"" + text + "\" is longer than a Go duration holds (about 2562047h); RKE could not read it");
      }
    }
  }

  /** The nanoseconds of a duration GO_DURATION matches. */
  private static BigDecimal nanos(String duration) {
    BigDecimal total = BigDecimal.ZERO;
    Matcher part = GO_DURATION_PART.matcher(duration);
    while (part.find()) {
      total = total.add(new BigDecimal(part.group(1)).multiply(GO_UNITS.get(part.group(2))));
    }
    return total;
  }

  private void choices() {
    if (!Defaults.NETWORK_PLUGINS.contains(config.network().plugin())) {
      error("network.plugin", "unknown network plugin \"" + config.network().plugin() + "\"; expected one of "
          + String.join(", ", Defaults.NETWORK_PLUGINS.stream().sorted().toList()));
    } else if (config.network().plugin().equals("aci")) {
      problems.add(Problem.warning(source.at("network.plugin"), "network.plugin", "accepted but not acted on: "
          + "Slipway deploys no network addon for Cisco ACI (canal, flannel, calico and weave it deploys as RKE does)"));
    }
    if (!Defaults.AUTHORIZATIONS.contains(config.authorization().mode())) {
      error("authorization.mode", "unknown authorization mode \"" + config.authorization().mode()
          + "\"; expected rbac or none");
    }
  }

  private void ignoredImages() {
    for (String service : List.of("etcd", "kube-api", "kube-controller", "scheduler", "kubelet", "kubeproxy")) {
      String path = "services." + service + ".image";
      if (source.node(path).isTextual() && !source.node(path).asText().isBlank()) {
        problems.add(Problem.warning(source.at(path), path,
            "ignored, as RKE ignores it; the image comes from system_images"));
      }
    }
  }

  private void error(String path, String message) {
    problems.add(Problem.error(source.at(path), path, message));
  }
}
