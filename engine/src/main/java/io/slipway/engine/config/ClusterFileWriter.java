package io.slipway.engine.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes a cluster.yml as {@code rke config} writes one (rke's cmd/config.go marshals the whole
 * RancherKubernetesEngineConfig): a comment header, then every key RKE writes, in RKE's order,
 * with the answers where there are answers and RKE's zero values ({@code ""}, {@code []},
 * {@code {}}, {@code null}, 0, false) everywhere else.
 */
public final class ClusterFileWriter {

  /** The {@code system_images} keys in the order RKE writes them (its RKESystemImages struct). */
  public static final List<String> SYSTEM_IMAGE_KEYS = List.of("etcd", "alpine", "nginx_proxy", "cert_downloader",
      "kubernetes_services_sidecar", "kubedns", "dnsmasq", "kubedns_sidecar", "kubedns_autoscaler", "coredns",
      "coredns_autoscaler", "nodelocal", "kubernetes", "flannel", "flannel_cni", "calico_node", "calico_cni",
      "calico_controllers", "calico_ctl", "calico_flexvol", "canal_node", "canal_cni", "canal_controllers",
      "canal_flannel", "canal_flexvol", "weave_node", "weave_cni", "pod_infra_container", "ingress", "ingress_backend",
      "ingress_webhook", "metrics_server", "windows_pod_infra_container", "aci_cni_deploy_container",
      "aci_host_container", "aci_opflex_container", "aci_mcast_container", "aci_ovs_container",
      "aci_controller_container", "aci_gbp_server_container", "aci_opflex_server_container");

  static final String HEADER = """
      # cluster.yml written by `slipway config`, key for key as `rke config` writes it.
      # For an air-gapped install, point system_images at your own registry's copies.
      """;

  /** RKE lists a node's roles in the order it asks for them. */
  private static final List<Role> ROLE_ORDER = List.of(Role.CONTROLPLANE, Role.WORKER, Role.ETCD);
  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .disable(YAMLGenerator.Feature.SPLIT_LINES)  // a long value (an inline key) stays on its line
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)  // port "22" stays a string, as RKE writes it
      .build());

  private ClusterFileWriter() {
  }

  /**
   * One {@code nodes[]} entry as answered; "" where the answer was none. Holds an inline
   * private key in {@code sshKey}, so {@link #toString()} leaves it out.
   */
  public record Host(String address, String port, String sshKeyPath, String sshKey, String user, Set<Role> roles,
      String hostnameOverride, String internalAddress, String dockerSocket) {

    public Host {
      for (String value : new String[] {address, port, sshKeyPath, sshKey, user, hostnameOverride, internalAddress,
          dockerSocket}) {
        Objects.requireNonNull(value, "an unanswered value is \"\", never null");
      }
      roles = Set.copyOf(roles);
    }

    /** RKE's {@code --empty} node: every key there, every value empty. */
    public static Host empty() {
      return new Host("", "", "", "", "", Set.of(), "", "", "");
    }

    public Host withSshKey(String key) {
      return new Host(address, port, sshKeyPath, key, user, roles, hostnameOverride, internalAddress, dockerSocket);
    }

    @Override
    public String toString() {
      return "Host[address=" + address + ", port=" + port + ", user=" + user + ", roles=" + roles + "]";
    }
  }

  /**
   * What {@code rke config} asks, as answered; "" where RKE writes "". {@code kubernetesVersion}
   * is "" unless a version (not an image) was chosen; {@code systemImages} is that version's set.
   */
  public record Answers(String sshKeyPath, List<Host> hosts, String networkPlugin, String authenticationStrategy,
      String authorizationMode, String kubernetesVersion, Map<String, String> systemImages, String clusterDomain,
      String serviceClusterIpRange, String clusterCidr, String clusterDnsServer, List<String> addonsInclude) {

    public Answers {
      hosts = List.copyOf(hosts);
      systemImages = Map.copyOf(systemImages);
      addonsInclude = List.copyOf(addonsInclude);
    }

    /** {@code rke config --empty}: one empty node, no images, every value empty. */
    public static Answers empty() {
      return new Answers("", List.of(Host.empty()), "", "", "", "", Map.of(), "", "", "", "", List.of());
    }

    public boolean hasInlineKey() {
      return hosts.stream().anyMatch(h -> !h.sshKey().isEmpty());
    }

    /** The same answers with every inline key replaced by {@code placeholder}, for printing. */
    public Answers withInlineKeysReplacedBy(String placeholder) {
      return new Answers(sshKeyPath, hosts.stream().map(h -> h.sshKey().isEmpty() ? h : h.withSshKey(placeholder))
          .toList(), networkPlugin, authenticationStrategy, authorizationMode, kubernetesVersion, systemImages,
          clusterDomain, serviceClusterIpRange, clusterCidr, clusterDnsServer, addonsInclude);
    }

    /** The roles no host has; empty when the hosts make a cluster. */
    public Set<Role> missingRoles() {
      EnumSet<Role> missing = EnumSet.allOf(Role.class);
      hosts.forEach(h -> missing.removeAll(h.roles()));
      return missing;
    }
  }

  /** The file's text: the header, then the YAML. */
  public static String write(Answers a) {
    ObjectNode root = YAML.createObjectNode();
    ArrayNode nodes = root.putArray("nodes");
    a.hosts().forEach(h -> node(nodes.addObject(), h));
    services(root.putObject("services"), a);
    ObjectNode network = root.putObject("network").put("plugin", a.networkPlugin());
    network.putObject("options");
    network.put("mtu", 0).putObject("node_selector");
    network.putNull("update_strategy");
    network.putArray("tolerations");
    ObjectNode authentication = root.putObject("authentication").put("strategy", a.authenticationStrategy());
    authentication.putArray("sans");
    authentication.putNull("webhook");
    root.put("addons", "");
    a.addonsInclude().forEach(root.putArray("addons_include")::add);
    systemImages(root.putObject("system_images"), a.systemImages());
    root.put("ssh_key_path", a.sshKeyPath()).put("ssh_cert_path", "").put("ssh_agent_auth", false);
    root.putObject("authorization").put("mode", a.authorizationMode()).putObject("options");
    root.putNull("ignore_docker_version");
    root.putNull("enable_cri_dockerd");
    root.put("kubernetes_version", a.kubernetesVersion()).putArray("private_registries");
    ingress(root.putObject("ingress"));
    root.put("cluster_name", "").putObject("cloud_provider").put("name", "");
    root.put("prefix_path", "").put("win_prefix_path", "").put("addon_job_timeout", 0);
    strings(root.putObject("bastion_host"), "address", "port", "user", "ssh_key", "ssh_key_path", "ssh_cert",
        "ssh_cert_path").put("ignore_proxy_env_vars", false);
    ObjectNode monitoring = root.putObject("monitoring").put("provider", "");
    maps(monitoring, "options", "node_selector").putNull("update_strategy");
    monitoring.putNull("replicas");
    monitoring.putArray("tolerations");
    monitoring.put("metrics_server_priority_class_name", "");
    root.putObject("restore").put("restore", false).put("snapshot_name", "");
    root.put("rotate_encryption_key", false).putNull("dns");
    root.put("cri_dockerd_stream_server_address", "").put("cri_dockerd_stream_server_port", "");
    try {
      return HEADER + YAML.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot render cluster.yml", e);
    }
  }

  private static void node(ObjectNode n, Host h) {
    n.put("address", h.address()).put("port", h.port()).put("internal_address", h.internalAddress());
    ROLE_ORDER.stream().filter(h.roles()::contains).map(Role::yamlName).forEach(n.putArray("role")::add);
    n.put("hostname_override", h.hostnameOverride()).put("user", h.user()).put("docker_socket", h.dockerSocket());
    n.put("ssh_key", h.sshKey()).put("ssh_key_path", h.sshKeyPath()).put("ssh_cert", "").put("ssh_cert_path", "");
    n.putObject("labels");
    n.putArray("taints");
  }

  private static void services(ObjectNode s, Answers a) {
    ObjectNode etcd = base(s.putObject("etcd"));
    etcd.putArray("external_urls");
    strings(etcd, "ca_cert", "cert", "key", "path").put("uid", 0).put("gid", 0).putNull("snapshot");
    strings(etcd, "retention", "creation").putNull("backup_config");
    ObjectNode api = base(s.putObject("kube-api")).put("service_cluster_ip_range", a.serviceClusterIpRange());
    strings(api, "service_node_port_range", "pod_security_configuration").put("always_pull_images", false);
    nulls(api, "secrets_encryption_config", "audit_log", "admission_configuration", "event_rate_limit");
    base(s.putObject("kube-controller")).put("cluster_cidr", a.clusterCidr())
        .put("service_cluster_ip_range", a.serviceClusterIpRange());
    base(s.putObject("scheduler"));
    base(s.putObject("kubelet")).put("cluster_domain", a.clusterDomain()).put("infra_container_image", "")
        .put("cluster_dns_server", a.clusterDnsServer()).put("fail_swap_on", false)
        .put("generate_serving_certificate", false);
    base(s.putObject("kubeproxy"));
  }

  /** The keys every service section starts with (RKE's BaseService, inlined). */
  private static ObjectNode base(ObjectNode service) {
    service.put("image", "");
    maps(service, "extra_args", "extra_args_array").putArray("extra_binds");
    service.putArray("extra_env");
    maps(service, "win_extra_args", "win_extra_args_array").putArray("win_extra_binds");
    service.putArray("win_extra_env");
    return service;
  }

  private static void systemImages(ObjectNode images, Map<String, String> chosen) {
    SYSTEM_IMAGE_KEYS.forEach(key -> images.put(key, chosen.getOrDefault(key, "")));
    // a key KDM has and RKE v1.6 does not would be a newer KDM's: keep it rather than drop it
    new TreeMap<>(chosen).forEach((key, image) -> {
      if (!SYSTEM_IMAGE_KEYS.contains(key)) {
        images.put(key, image);
      }
    });
  }

  private static void ingress(ObjectNode i) {
    i.put("provider", "");
    maps(i, "options", "node_selector", "extra_args").put("dns_policy", "");
    for (String key : List.of("extra_envs", "extra_volumes", "extra_volume_mounts")) {
      i.putArray(key);
    }
    i.putNull("update_strategy");
    i.put("http_port", 0).put("https_port", 0).put("network_mode", "").putArray("tolerations");
    i.putNull("default_backend");
    strings(i, "default_http_backend_priority_class_name", "nginx_ingress_controller_priority_class_name")
        .putNull("default_ingress_class");
  }

  private static ObjectNode strings(ObjectNode section, String... keys) {
    for (String key : keys) {
      section.put(key, "");
    }
    return section;
  }

  private static void nulls(ObjectNode section, String... keys) {
    for (String key : keys) {
      section.putNull(key);
    }
  }

  private static ObjectNode maps(ObjectNode section, String... keys) {
    for (String key : keys) {
      section.putObject(key);
    }
    return section;
  }
}
