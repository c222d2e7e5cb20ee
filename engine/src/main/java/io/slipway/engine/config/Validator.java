package io.slipway.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Checks a cluster.yml for everything that would make a deployment fail or surprise, and
 * reports all problems at once, each at the line, column and key path it comes from. Looks
 * at the file as written (to tell "missing" from "defaulted") and at the defaulted config.
 */
public final class Validator {

  static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern PORT = Pattern.compile("\\d{1,5}");
  private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
  private static final List<String> TAINT_EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");
  private static final Pattern MAX_UNAVAILABLE = Pattern.compile("(\\d{1,9})(%?)");
  private static final List<Map.Entry<String, String>> REQUIRED_NODE_KEYS = List.of(Map.entry("address", "an address"),
      Map.entry("user", "a user"), Map.entry("role", "at least one role (" + Role.choices() + ")"));

  private final YamlSource source;
  private final ClusterConfig config;
  private final List<Problem> problems = new ArrayList<>();

  private Validator(YamlSource source, ClusterConfig config) {
    this.source = source;
    this.config = config;
  }

  /** Every problem of {@code config} (already defaulted) as loaded from {@code source}. */
  public static List<Problem> validate(YamlSource source, ClusterConfig config) {
    Validator v = new Validator(source, config);
    v.nodes();
    v.authentication();
    v.version();
    v.upgradeStrategy();
    v.bastion();
    v.ingress();
    v.addons();
    v.addonsInclude();
    v.problems.addAll(ServiceRules.check(source, config));
    return v.problems;
  }

  private void nodes() {
    JsonNode raw = source.root().path("nodes");
    if (!raw.isArray() || raw.isEmpty()) {
      error("nodes", "a cluster needs at least one node");
      return;
    }
    Map<String, String> hostnames = new HashMap<>();
    Map<String, String> endpoints = new HashMap<>();
    Map<String, String> etcdAddresses = new HashMap<>();
    int etcd = 0;
    boolean controlplane = false;
    boolean worker = false;
    for (int i = 0; i < config.nodes().size(); i++) {
      NodeConfig node = config.nodes().get(i);
      if (node == null) {
        continue;  // an empty list item, reported by the shape check
      }
      String path = YamlSource.child("nodes", i);
      JsonNode written = raw.get(i);
      address(YamlSource.child(path, "address"), node.address());
      if (written.hasNonNull("internal_address") && !written.path("internal_address").asText().isEmpty()) {
        address(YamlSource.child(path, "internal_address"), node.internalAddress());
      }
      for (Map.Entry<String, String> required : REQUIRED_NODE_KEYS) {
        JsonNode value = written.path(required.getKey());
        boolean empty = value.isArray() ? value.isEmpty() : value.isMissingNode() || value.isNull() || value.asText().isBlank();
        if (empty) {
          error(written.has(required.getKey()) ? YamlSource.child(path, required.getKey()) : path,
              "a node needs " + required.getValue());
        }
      }
      for (int j = 0; node.role() != null && j < node.role().size(); j++) {
        String role = node.role().get(j);
        if (Role.parse(role).isEmpty()) {
          error(YamlSource.child(YamlSource.child(path, "role"), j),
              "unknown role \"" + role + "\"; expected " + Role.choices());
        }
      }
      if (!PORT.matcher(node.port()).matches() || Integer.parseInt(node.port()) < 1 || Integer.parseInt(node.port()) > 65535) {
        error(YamlSource.child(path, "port"), "\"" + node.port() + "\" is not a TCP port (1-65535)");
      }
      String port = PORT.matcher(node.port()).matches() ? Integer.toString(Integer.parseInt(node.port())) : node.port();
      String hostname = node.hostname();
      String hostnamePath = YamlSource.child(path, written.has("hostname_override") ? "hostname_override" : "address");
      if (hostname != null && !hostname.isBlank()) {
        if (!DNS_SUBDOMAIN.matcher(hostname).matches()) {
          error(hostnamePath, "hostname \"" + hostname + "\" is not a DNS-1123 subdomain (lower-case letters, "
              + "digits, '-' and '.', starting and ending with a letter or digit)"
              + (written.has("hostname_override") ? "" : "; set hostname_override"));
        }
        String first = hostnames.putIfAbsent(hostname, path);
        boolean sameAddress = !written.has("hostname_override") && endpoints.containsKey(node.address() + ":" + port);
        if (first != null && !sameAddress) {  // a repeated address is reported once, below
          error(hostnamePath, "duplicate hostname \"" + hostname + "\"; " + first + " has it already");
        }
      }
      if (node.address() != null && !node.address().isBlank()) {
        String first = endpoints.putIfAbsent(node.address() + ":" + port, path);  // "022" is port 22
        if (first != null) {
          error(YamlSource.child(path, "address"), "duplicate node " + node.address() + " port " + port
              + "; " + first + " has it already");
        }
      }
      if (node.has(Role.ETCD) && node.internalAddress() != null) {
        String first = etcdAddresses.putIfAbsent(node.internalAddress(), path);
        if (first != null) {
          error(YamlSource.child(path, written.has("internal_address") ? "internal_address" : "address"),
              "etcd member with internal address " + node.internalAddress() + " as " + first
              + " has already; two members cannot share one peer address");
        }
      }
      labelsAndTaints(path, node);
      etcd += node.has(Role.ETCD) ? 1 : 0;
      controlplane |= node.has(Role.CONTROLPLANE);
      worker |= node.has(Role.WORKER);
    }
    if (etcd == 0) {
      error("nodes", "no node has the etcd role; a cluster needs at least one (three for HA)");
    } else if (etcd % 2 == 0) {
      problems.add(Problem.warning(source.at("nodes"), "nodes", etcd + " etcd nodes tolerate no more failures than "
          + (etcd - 1) + "; an odd count is recommended"));
    }
    if (!controlplane) {
      error("nodes", "no node has the controlplane role; a cluster needs at least one (three for HA)");
    }
    if (!worker) {
      error("nodes", "no node has the worker role; pods could run nowhere (controlplane-only and etcd-only "
          + "nodes are tainted)");
    }
  }

  private void authentication() {
    String strategy = config.authentication().strategy();
    if (!Defaults.AUTHENTICATIONS.contains(strategy)) {
      error("authentication.strategy", "unsupported authentication strategy \"" + strategy
          + "\"; expected x509 or x509|webhook");
    }
    List<String> sans = config.authentication().sans();
    for (int i = 0; i < sans.size(); i++) {
      String san = sans.get(i);
      if (san != null && !Addresses.isIp(san) && !Addresses.isDnsName(san.startsWith("*.") ? san.substring(2) : san)) {
        error(YamlSource.child("authentication.sans", i), Addresses.problem(san).orElse("\"" + san + "\" is invalid"));
      }
    }
  }

  private void version() {
    String version = config.kubernetesVersion();
    if (KubernetesVersions.isKnown(version)) {
      return;
    }
    List<String> required = new ArrayList<>(KubernetesVersions.REQUIRED_IMAGES);
    int minor = KubernetesVersions.minor(version);
    if (minor >= 24 ? !Boolean.FALSE.equals(config.enableCriDockerd())
        : minor >= 21 && Boolean.TRUE.equals(config.enableCriDockerd())) {
      required.add("kubernetes_services_sidecar");  // rke-tools: the entrypoint that starts cri-dockerd
    }
    List<String> missing = required.stream()
        .filter(key -> config.systemImages().get(key) == null || config.systemImages().get(key).isBlank()).toList();
    if (!missing.isEmpty()) {
      error("kubernetes_version", "unknown Kubernetes version \"" + version + "\" and system_images lacks "
          + String.join(", ", missing) + "; use a version `slipway config --list-version --all` lists (the default is "
          + KubernetesVersions.DEFAULT + "), or name every needed image in system_images");
    } else if (KubernetesVersions.minor(version) == 0) {
      error("kubernetes_version", "\"" + version + "\" is not a Kubernetes version such as " + KubernetesVersions.DEFAULT);
    }
  }

  private void upgradeStrategy() {
    maxUnavailable("upgrade_strategy.max_unavailable_worker", config.upgradeStrategy().maxUnavailableWorker());
    maxUnavailable("upgrade_strategy.max_unavailable_controlplane",
        config.upgradeStrategy().maxUnavailableControlplane());
  }

  private void maxUnavailable(String path, String value) {
    var m = MAX_UNAVAILABLE.matcher(value.trim());
    if (!m.matches()) {
      error(path, "\"" + value + "\" is neither a count nor a percentage, as in 1 or 10%");
    } else if (Integer.parseInt(m.group(1)) == 0 || !m.group(2).isEmpty() && Integer.parseInt(m.group(1)) > 100) {
      error(path, "\"" + value + "\" must be at least 1 (or 1%) and at most 100%");
    }
  }

  private void bastion() {
    ClusterConfig.BastionHost bastion = config.bastionHost();
    if (bastion == null) {
      return;
    }
    address("bastion_host.address", bastion.address());
    String port = bastion.port();
    if (port != null && (!PORT.matcher(port).matches() || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535)) {
      error("bastion_host.port", "\"" + port + "\" is not a TCP port (1-65535)");
    }
  }

  private void ingress() {
    ClusterConfig.Ingress ingress = config.ingress();
    if (ingress == null) {
      return;
    }
    for (var port : new TreeMap<>(Map.of("http_port", or(ingress.httpPort()), "https_port", or(ingress.httpsPort())))
        .entrySet()) {
      if (port.getValue() > 65535) {  // 0 is RKE's default, 80 and 443; the shape check refused negatives
        error("ingress." + port.getKey(), port.getValue() + " is not a TCP port (1-65535)");
      }
    }
  }

  /** cluster.yml's {@code addons}: a manifest kubectl can apply, or its deploy job would fail once every node is changed. */
  private void addons() {
    if (config.addons() != null && !config.addons().isBlank()) {
      Manifests.problem(config.addons()).ifPresent(problem -> error("addons", "the manifest's " + problem));
    }
  }

  /** What {@code up} will make of each {@code addons_include} entry, said now when it is not what RKE does. */
  private void addonsInclude() {
    List<String> entries = config.addonsInclude();
    for (int i = 0; i < entries.size(); i++) {
      String entry = entries.get(i);
      String path = YamlSource.child("addons_include", i);
      if (entry == null) {
        continue;  // the shape check refused it
      }
      if (AddonIncludes.isUrl(entry)) {
        problems.add(Problem.warning(source.at(path), path, "accepted but not acted on: Slipway downloads nothing "
            + "(it reaches the cluster's hosts only); save " + entry + " and name the file here"));
      } else if (!AddonIncludes.readable(entry)) {
        problems.add(Problem.warning(source.at(path), path, "no readable file at " + entry + " (a relative path is "
            + "read from the working directory, as RKE reads it); up refuses to run until there is"));
      } else {
        AddonIncludes.problem(entry).ifPresent(problem -> error(path, entry + ": " + problem));
      }
    }
  }

  private static int or(Integer value) {
    return value == null ? 0 : value;
  }

  private void labelsAndTaints(String path, NodeConfig node) {
    node.labels().forEach((key, value) -> {
      String at = YamlSource.child(YamlSource.child(path, "labels"), key);
      qualifiedName(at, key, "label key");
      labelValue(at, value, "label");
    });
    Map<String, String> taints = new HashMap<>();
    for (int i = 0; i < node.taints().size(); i++) {
      NodeConfig.Taint taint = node.taints().get(i);
      String at = YamlSource.child(YamlSource.child(path, "taints"), i);
      if (taint == null) {
        continue;
      }
      // Kubernetes refuses a node whose taints repeat a key and effect (validateNodeTaints)
      String first = taint.key() == null ? null : taints.putIfAbsent(taint.key() + ":" + taint.effect(), at);
      if (first != null) {
        error(YamlSource.child(at, "key"), "duplicate taint " + taint.key() + ":" + taint.effect() + "; " + first
            + " has the same key and effect already");
      }
      if (taint.key() == null) {
        error(at, "a taint needs a key");
      } else {
        qualifiedName(YamlSource.child(at, "key"), taint.key(), "taint key");
      }
      if (taint.value() != null) {
        labelValue(YamlSource.child(at, "value"), taint.value(), "taint");
      }
      if (!TAINT_EFFECTS.contains(String.valueOf(taint.effect()))) {
        error(taint.effect() == null ? at : YamlSource.child(at, "effect"), "a taint's effect is one of "
            + String.join(", ", TAINT_EFFECTS) + (taint.effect() == null ? "" : "; got \"" + taint.effect() + "\""));
      }
    }
  }

  /** Kubernetes' qualified name: an optional DNS-subdomain prefix and "/", then a name of at most 63 characters. */
  private void qualifiedName(String path, String key, String what) {
    int slash = key.lastIndexOf('/');
    String prefix = slash < 0 ? null : key.substring(0, slash);
    String name = key.substring(slash + 1);
    if (prefix != null && !DNS_SUBDOMAIN.matcher(prefix).matches() || name.length() > 63 || !LABEL_NAME.matcher(name).matches()) {
      error(path, "\"" + key + "\" is not a valid " + what + " (an optional DNS prefix and \"/\", then at most 63 "
          + "letters, digits, '-', '_' or '.', starting and ending with a letter or digit)");
    }
  }

  private void labelValue(String path, String value, String what) {
    if (!value.isEmpty() && (value.length() > 63 || !LABEL_NAME.matcher(value).matches())) {
      error(path, "\"" + value + "\" is not a valid " + what + " value (at most 63 letters, digits, '-', '_' or '.', "
          + "starting and ending with a letter or digit)");
    }
  }

  private void address(String path, String address) {
    if (address != null && !address.isBlank()) {
      Addresses.problem(address).ifPresent(problem -> error(path, problem));
    }
  }

  private void error(String path, String message) {
    problems.add(Problem.error(source.at(path), path, message));
  }
}
