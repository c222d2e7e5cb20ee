package io.slipway.engine.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A cluster.yml, key for key as RKE v1.6 reads it (its types/rke_types.go): every key RKE
 * accepts is here. Loaded records may hold nulls where the file is silent; {@link
 * Defaults#apply} returns the same record with RKE's defaults filled in, which is what the
 * planner sees. Keys marked {@link NotActedOn} are read and kept but change nothing, and a file
 * that sets one is told so.
 */
public record ClusterConfig(
    List<NodeConfig> nodes,
    Services services,
    Network network,
    Authentication authentication,
    Authorization authorization,
    @JsonProperty("system_images") Map<String, String> systemImages,
    @JsonProperty("private_registries") List<PrivateRegistry> privateRegistries,
    @JsonProperty("ssh_key_path") String sshKeyPath,
    @JsonProperty("ssh_cert_path") String sshCertPath,
    @JsonProperty("ssh_agent_auth") Boolean sshAgentAuth,
    @JsonProperty("bastion_host") BastionHost bastionHost,
    @JsonProperty("cluster_name") String clusterName,
    @JsonProperty("kubernetes_version") String kubernetesVersion,
    @JsonProperty("upgrade_strategy") UpgradeStrategy upgradeStrategy,
    @JsonProperty("ignore_docker_version") Boolean ignoreDockerVersion,
    @JsonProperty("prefix_path") String prefixPath,
    String addons,
    @JsonProperty("addons_include") List<String> addonsInclude,
    @JsonProperty("addon_job_timeout") Integer addonJobTimeout,
    Ingress ingress,
    Dns dns,
    Monitoring monitoring,
    @NotActedOn("up does not restore a snapshot; the cluster is deployed from its current state")
    @JsonProperty("restore") Restore restore,
    @NotActedOn("certificates are rotated by slipway cert-rotate [--rotate-ca]")
    @JsonProperty("rotate_certificates") RotateCertificates rotateCertificates,
    @NotActedOn("no cloud provider is configured for the components")
    @JsonProperty("cloud_provider") JsonNode cloudProvider,
    @JsonProperty("enable_cri_dockerd") Boolean enableCriDockerd,
    @NotActedOn(WINDOWS) @JsonProperty("win_prefix_path") String winPrefixPath,
    @NotActedOn("secrets are not encrypted at rest, so there is no key to rotate")
    @JsonProperty("rotate_encryption_key") Boolean rotateEncryptionKey,
    @NotActedOn("cri-dockerd streams on its default address")
    @JsonProperty("cri_dockerd_stream_server_address") String criDockerdStreamServerAddress,
    @NotActedOn("cri-dockerd streams on its default port")
    @JsonProperty("cri_dockerd_stream_server_port") String criDockerdStreamServerPort) {

  /**
   * The image of a {@code system_images} key as the nodes pull it: under the default private
   * registry when one is set (as RKE prefixes it). Defaults must be applied.
   */
  public String systemImage(String key) {
    String image = systemImages.get(key);
    String registry = privateRegistries.stream().filter(r -> Boolean.TRUE.equals(r.isDefault()))
        .map(PrivateRegistry::url).findFirst().orElse(null);
    return registry == null || image.startsWith(registry + "/") ? image : registry + "/" + image;
  }

  static final String WINDOWS = "Windows nodes are not supported";

  /**
   * {@code network}: the CNI plugin and its settings, deployed as RKE's network plugin addon
   * (canal, flannel, calico, weave; aci is not deployed).
   */
  public record Network(
      String plugin,
      Map<String, String> options,
      Integer mtu,
      @JsonProperty("node_selector") Map<String, String> nodeSelector,
      @JsonProperty("update_strategy") JsonNode updateStrategy,
      List<JsonNode> tolerations,
      @JsonProperty("calico_network_provider") JsonNode calicoNetworkProvider,
      @JsonProperty("canal_network_provider") JsonNode canalNetworkProvider,
      @JsonProperty("flannel_network_provider") JsonNode flannelNetworkProvider,
      @JsonProperty("weave_network_provider") JsonNode weaveNetworkProvider,
      @JsonProperty("aci_network_provider") JsonNode aciNetworkProvider) {

    public Network(String plugin, Map<String, String> options, Integer mtu) {
      this(plugin, options, mtu, null, null, null, null, null, null, null, null);
    }
  }

  /** {@code authentication}: strategy (x509, optionally with webhook) and extra SANs. */
  public record Authentication(
      String strategy,
      List<String> sans,
      @NotActedOn("the apiserver is given no authentication webhook") JsonNode webhook) {
  }

  /** {@code authorization}: mode (rbac or none) and options. */
  public record Authorization(String mode, @NotActedOn("no authorization options are passed") Map<String, String> options) {
  }

  /** {@code private_registries[]}. The password is never logged. */
  public record PrivateRegistry(String url, String user, String password,
      @JsonProperty("is_default") Boolean isDefault,
      @NotActedOn("registry credentials come from user and password only")
      @JsonProperty("ecr_credential_plugin") JsonNode ecrCredentialPlugin) {
    @Override
    public String toString() {
      return "PrivateRegistry[url=" + url + ", user=" + user + ", is_default=" + isDefault + "]";
    }
  }

  /** {@code bastion_host}: SSH jump host for every node. */
  public record BastionHost(String address, String port, String user,
      @JsonProperty("ssh_key") String sshKey, @JsonProperty("ssh_key_path") String sshKeyPath,
      @JsonProperty("ssh_agent_auth") Boolean sshAgentAuth,
      @JsonProperty("ssh_cert") String sshCert,
      @JsonProperty("ssh_cert_path") String sshCertPath,
      @NotActedOn("Slipway never reads proxy settings from the environment for SSH")
      @JsonProperty("ignore_proxy_env_vars") Boolean ignoreProxyEnvVars) {
    @Override
    public String toString() {  // ssh_key may hold a private key: never print it
      return "BastionHost[address=" + address + ", port=" + port + ", user=" + user + "]";
    }
  }

  /** {@code upgrade_strategy}: how many nodes may be down at once during an upgrade. */
  public record UpgradeStrategy(
      @JsonProperty("max_unavailable_worker") String maxUnavailableWorker,
      @JsonProperty("max_unavailable_controlplane") String maxUnavailableControlplane,
      Boolean drain,
      @JsonProperty("node_drain_input") JsonNode nodeDrainInput) {
  }

  /** {@code ingress}. */
  public record Ingress(String provider, Map<String, String> options,
      @JsonProperty("node_selector") Map<String, String> nodeSelector,
      @JsonProperty("extra_args") Map<String, String> extraArgs,
      @JsonProperty("dns_policy") String dnsPolicy,
      @JsonProperty("extra_envs") List<JsonNode> extraEnvs,
      @JsonProperty("extra_volumes") List<JsonNode> extraVolumes,
      @JsonProperty("extra_volume_mounts") List<JsonNode> extraVolumeMounts,
      @JsonProperty("update_strategy") JsonNode updateStrategy,
      @JsonProperty("http_port") Integer httpPort,
      @JsonProperty("https_port") Integer httpsPort,
      @JsonProperty("network_mode") String networkMode,
      List<JsonNode> tolerations,
      @JsonProperty("default_backend") Boolean defaultBackend,
      @JsonProperty("default_http_backend_priority_class_name") String defaultHttpBackendPriorityClassName,
      @JsonProperty("nginx_ingress_controller_priority_class_name") String nginxIngressControllerPriorityClassName,
      @JsonProperty("default_ingress_class") Boolean defaultIngressClass) {
  }

  /** {@code dns}. */
  public record Dns(String provider, Map<String, String> options,
      @JsonProperty("upstreamnameservers") List<String> upstreamNameservers,
      @JsonProperty("reversecidrs") List<String> reverseCidrs,
      @JsonProperty("stubdomains") Map<String, List<String>> stubDomains,
      @JsonProperty("node_selector") Map<String, String> nodeSelector,
      JsonNode nodelocal,
      @JsonProperty("update_strategy") JsonNode updateStrategy,
      @JsonProperty("linear_autoscaler_params") JsonNode linearAutoscalerParams,
      List<JsonNode> tolerations) {
  }

  /** {@code monitoring}. */
  public record Monitoring(String provider, Map<String, String> options,
      @JsonProperty("node_selector") Map<String, String> nodeSelector,
      @JsonProperty("update_strategy") JsonNode updateStrategy,
      Integer replicas,
      List<JsonNode> tolerations,
      @JsonProperty("metrics_server_priority_class_name") String metricsServerPriorityClassName) {
  }

  /** {@code restore}: RKE restores a snapshot on up when set. */
  public record Restore(Boolean restore, @JsonProperty("snapshot_name") String snapshotName) {
  }

  /** {@code rotate_certificates}: RKE's keys here have no underscores. */
  public record RotateCertificates(@JsonProperty("cacertificates") Boolean caCertificates, List<String> services) {
  }
}
