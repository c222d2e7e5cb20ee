package io.slipway.engine.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A cluster.yml, key for key as RKE reads it. Loaded records may hold nulls where the file is
 * silent; {@link Defaults#apply} returns the same record with RKE's defaults filled in, which
 * is what the planner sees.
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
    @JsonProperty("restore") JsonNode restore,
    @JsonProperty("rotate_certificates") JsonNode rotateCertificates,
    // RKE keys Slipway accepts and keeps but does not act on (yet): no warning for them.
    @JsonProperty("cloud_provider") JsonNode cloudProvider,
    @JsonProperty("enable_cri_dockerd") Boolean enableCriDockerd,
    @JsonProperty("win_prefix_path") String winPrefixPath,
    @JsonProperty("rotate_encryption_key") Boolean rotateEncryptionKey) {

  /** {@code network}: the CNI plugin and its options (Slipway records them; addons are not deployed). */
  public record Network(String plugin, Map<String, String> options, Integer mtu) {
  }

  /** {@code authentication}: strategy (x509 only, optionally with webhook) and extra SANs. */
  public record Authentication(String strategy, List<String> sans) {
  }

  /** {@code authorization}: mode (rbac or none) and options. */
  public record Authorization(String mode, Map<String, String> options) {
  }

  /** {@code private_registries[]}. The password is never logged. */
  public record PrivateRegistry(String url, String user, String password,
      @JsonProperty("is_default") Boolean isDefault) {
    @Override
    public String toString() {
      return "PrivateRegistry[url=" + url + ", user=" + user + ", is_default=" + isDefault + "]";
    }
  }

  /** {@code bastion_host}: SSH jump host for every node. */
  public record BastionHost(String address, String port, String user,
      @JsonProperty("ssh_key") String sshKey, @JsonProperty("ssh_key_path") String sshKeyPath,
      @JsonProperty("ssh_agent_auth") Boolean sshAgentAuth) {
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
      @JsonProperty("extra_args") Map<String, String> extraArgs) {
  }

  /** {@code dns}. */
  public record Dns(String provider, @JsonProperty("upstreamnameservers") List<String> upstreamNameservers,
      @JsonProperty("reversecidrs") List<String> reverseCidrs,
      @JsonProperty("node_selector") Map<String, String> nodeSelector) {
  }

  /** {@code monitoring}. */
  public record Monitoring(String provider, Map<String, String> options) {
  }
}
