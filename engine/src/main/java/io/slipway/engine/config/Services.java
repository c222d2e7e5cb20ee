package io.slipway.engine.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** The {@code services} section of cluster.yml, one record per component. */
public record Services(
    Etcd etcd,
    @JsonProperty("kube-api") KubeApi kubeApi,
    @JsonProperty("kube-controller") KubeController kubeController,
    Scheduler scheduler,
    Kubelet kubelet,
    Kubeproxy kubeproxy) {

  static final String WINDOWS = ClusterConfig.WINDOWS;
  static final String EXTERNAL_ETCD = "an external etcd is not supported; etcd runs on the etcd nodes";

  /**
   * What every service section has: image (RKE ignores it in favour of system_images, and so
   * do we, with a warning), extra_args that override computed flags, extra binds and env.
   */
  public interface Service {
    String image();

    Map<String, String> extraArgs();

    List<String> extraBinds();

    List<String> extraEnv();
  }

  /** {@code services.etcd}: snapshots are on by default, every 12h, kept 72h (RKE's defaults). */
  public record Etcd(
      String image,
      @JsonProperty("extra_args") Map<String, String> extraArgs,
      @JsonProperty("extra_binds") List<String> extraBinds,
      @JsonProperty("extra_env") List<String> extraEnv,
      @NotActedOn("flags given several times are not passed; use extra_args")
      @JsonProperty("extra_args_array") Map<String, List<String>> extraArgsArray,
      @NotActedOn(WINDOWS) @JsonProperty("win_extra_args") Map<String, String> winExtraArgs,
      @NotActedOn(WINDOWS) @JsonProperty("win_extra_args_array") Map<String, List<String>> winExtraArgsArray,
      @NotActedOn(WINDOWS) @JsonProperty("win_extra_binds") List<String> winExtraBinds,
      @NotActedOn(WINDOWS) @JsonProperty("win_extra_env") List<String> winExtraEnv,
      Boolean snapshot,
      String creation,
      String retention,
      @JsonProperty("backup_config") BackupConfig backupConfig,
      @NotActedOn(EXTERNAL_ETCD) @JsonProperty("external_urls") List<String> externalUrls,
      @NotActedOn(EXTERNAL_ETCD) @JsonProperty("ca_cert") String caCert,
      @NotActedOn(EXTERNAL_ETCD) String cert,
      @NotActedOn(EXTERNAL_ETCD) String key,
      @NotActedOn(EXTERNAL_ETCD) String path,
      @NotActedOn("etcd runs as the container's user") Integer uid,
      @NotActedOn("etcd runs as the container's group") Integer gid) implements Service {
  }

  /**
   * {@code services.etcd.backup_config}: RKE's newer snapshot settings; when present and not
   * disabled, rolling snapshots every {@code interval_hours}, kept {@code retention} intervals.
   */
  public record BackupConfig(
      Boolean enabled,
      @JsonProperty("interval_hours") Integer intervalHours,
      Integer retention,
      @JsonProperty("safe_timestamp") Boolean safeTimestamp,
      Integer timeout,
      @NotActedOn("snapshots stay on the etcd nodes; nothing is uploaded to S3")
      @JsonProperty("s3backupconfig") JsonNode s3BackupConfig) {
  }

  /** {@code services.kube-api}. */
  public record KubeApi(
      String image,
      @JsonProperty("extra_args") Map<String, String> extraArgs,
      @JsonProperty("extra_binds") List<String> extraBinds,
      @JsonProperty("extra_env") List<String> extraEnv,
      @NotActedOn("flags given several times are not passed; use extra_args")
      @JsonProperty("extra_args_array") Map<String, List<String>> extraArgsArray,
      @NotActedOn(WINDOWS) @JsonProperty("win_extra_args") Map<String, String> winExtraArgs,
      @NotActedOn(WINDOWS) @JsonProperty("win_extra_args_array") Map<String, List<String>> winExtraArgsArray,
      @NotActedOn(WINDOWS) @JsonProperty("win_extra_binds") List<String> winExtraBinds,
      @NotActedOn(WINDOWS) @JsonProperty("win_extra_env") List<String> winExtraEnv,
      @JsonProperty("service_cluster_ip_range") String serviceClusterIpRange,
      @JsonProperty("service_node_port_range") String serviceNodePortRange,
      @NotActedOn("PodSecurityPolicy admission is not enabled (RKE v1.6 dropped this key)")
      @JsonProperty("pod_security_policy") Boolean podSecurityPolicy,
      @NotActedOn("the AlwaysPullImages admission plugin is not enabled")
      @JsonProperty("always_pull_images") Boolean alwaysPullImages,
      @NotActedOn("the apiserver writes no audit log") @JsonProperty("audit_log") JsonNode auditLog,
      @NotActedOn("secrets are not encrypted at rest")
      @JsonProperty("secrets_encryption_config") JsonNode secretsEncryptionConfig,
      @NotActedOn("the EventRateLimit admission plugin is not enabled")
      @JsonProperty("event_rate_limit") JsonNode eventRateLimit,
      @NotActedOn("no admission configuration file is written")
      @JsonProperty("admission_configuration") JsonNode admissionConfiguration,
      @NotActedOn("no pod security admission configuration is written")
      @JsonProperty("pod_security_configuration") String podSecurityConfiguration) implements Service {
  }

  /** {@code services.kube-controller}. */
  public record KubeController(
      String image,
      @JsonProperty("extra_args") Map<String, String> extraArgs,
      @JsonProperty("extra_binds") List<String> extraBinds,
      @JsonProperty("extra_env") List<String> extraEnv,
      @NotActedOn("flags given several times are not passed; use extra_args")
      @JsonProperty("extra_args_array") Map<String, List<String>> extraArgsArray,
      @NotActedOn(WINDOWS) @JsonProperty("win_extra_args") Map<String, String> winExtraArgs,
      @NotActedOn(WINDOWS) @JsonProperty("win_extra_args_array") Map<String, List<String>> winExtraArgsArray,
      @NotActedOn(WINDOWS) @JsonProperty("win_extra_binds") List<String> winExtraBinds,
      @NotActedOn(WINDOWS) @JsonProperty("win_extra_env") List<String> winExtraEnv,
      @JsonProperty("cluster_cidr") String clusterCidr,
      @JsonProperty("service_cluster_ip_range") String serviceClusterIpRange) implements Service {
  }

  /** {@code services.scheduler}. */
  public record Scheduler(
      String image,
      @JsonProperty("extra_args") Map<String, String> extraArgs,
      @JsonProperty("extra_binds") List<String> extraBinds,
      @JsonProperty("extra_env") List<String> extraEnv,
      @NotActedOn("flags given several times are not passed; use extra_args")
      @JsonProperty("extra_args_array") Map<String, List<String>> extraArgsArray,
      @NotActedOn(WINDOWS) @JsonProperty("win_extra_args") Map<String, String> winExtraArgs,
      @NotActedOn(WINDOWS) @JsonProperty("win_extra_args_array") Map<String, List<String>> winExtraArgsArray,
      @NotActedOn(WINDOWS) @JsonProperty("win_extra_binds") List<String> winExtraBinds,
      @NotActedOn(WINDOWS) @JsonProperty("win_extra_env") List<String> winExtraEnv) implements Service {
  }

  /** {@code services.kubelet}. */
  public record Kubelet(
      String image,
      @JsonProperty("extra_args") Map<String, String> extraArgs,
      @JsonProperty("extra_binds") List<String> extraBinds,
      @JsonProperty("extra_env") List<String> extraEnv,
      @NotActedOn("flags given several times are not passed; use extra_args")
      @JsonProperty("extra_args_array") Map<String, List<String>> extraArgsArray,
      @NotActedOn(WINDOWS) @JsonProperty("win_extra_args") Map<String, String> winExtraArgs,
      @NotActedOn(WINDOWS) @JsonProperty("win_extra_args_array") Map<String, List<String>> winExtraArgsArray,
      @NotActedOn(WINDOWS) @JsonProperty("win_extra_binds") List<String> winExtraBinds,
      @NotActedOn(WINDOWS) @JsonProperty("win_extra_env") List<String> winExtraEnv,
      @JsonProperty("cluster_domain") String clusterDomain,
      @JsonProperty("cluster_dns_server") String clusterDnsServer,
      @JsonProperty("infra_container_image") String infraContainerImage,
      @JsonProperty("fail_swap_on") Boolean failSwapOn,
      @NotActedOn("kubelets serve with certificates of their own, not ones Slipway issues")
      @JsonProperty("generate_serving_certificate") Boolean generateServingCertificate) implements Service {
  }

  /** {@code services.kubeproxy}. */
  public record Kubeproxy(
      String image,
      @JsonProperty("extra_args") Map<String, String> extraArgs,
      @JsonProperty("extra_binds") List<String> extraBinds,
      @JsonProperty("extra_env") List<String> extraEnv,
      @NotActedOn("flags given several times are not passed; use extra_args")
      @JsonProperty("extra_args_array") Map<String, List<String>> extraArgsArray,
      @NotActedOn(WINDOWS) @JsonProperty("win_extra_args") Map<String, String> winExtraArgs,
      @NotActedOn(WINDOWS) @JsonProperty("win_extra_args_array") Map<String, List<String>> winExtraArgsArray,
      @NotActedOn(WINDOWS) @JsonProperty("win_extra_binds") List<String> winExtraBinds,
      @NotActedOn(WINDOWS) @JsonProperty("win_extra_env") List<String> winExtraEnv) implements Service {
  }
}
