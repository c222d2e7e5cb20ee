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
      Boolean snapshot,
      String creation,
      String retention,
      @JsonProperty("backup_config") BackupConfig backupConfig,
      @JsonProperty("external_urls") List<String> externalUrls,
      String uid,
      String gid) implements Service {
  }

  /** {@code services.etcd.backup_config}: RKE's newer snapshot settings. */
  public record BackupConfig(
      Boolean enabled,
      @JsonProperty("interval_hours") Integer intervalHours,
      Integer retention,
      @JsonProperty("safe_timestamp") Boolean safeTimestamp,
      Integer timeout) {
  }

  /** {@code services.kube-api}. */
  public record KubeApi(
      String image,
      @JsonProperty("extra_args") Map<String, String> extraArgs,
      @JsonProperty("extra_binds") List<String> extraBinds,
      @JsonProperty("extra_env") List<String> extraEnv,
      @JsonProperty("service_cluster_ip_range") String serviceClusterIpRange,
      @JsonProperty("service_node_port_range") String serviceNodePortRange,
      @JsonProperty("pod_security_policy") Boolean podSecurityPolicy,
      @JsonProperty("always_pull_images") Boolean alwaysPullImages,
      // accepted and kept, not acted on yet: RKE's audit log, encryption, rate limit, admission and PSA settings
      @JsonProperty("audit_log") JsonNode auditLog,
      @JsonProperty("secrets_encryption_config") JsonNode secretsEncryptionConfig,
      @JsonProperty("event_rate_limit") JsonNode eventRateLimit,
      @JsonProperty("admission_configuration") JsonNode admissionConfiguration,
      @JsonProperty("pod_security_configuration") String podSecurityConfiguration) implements Service {
  }

  /** {@code services.kube-controller}. */
  public record KubeController(
      String image,
      @JsonProperty("extra_args") Map<String, String> extraArgs,
      @JsonProperty("extra_binds") List<String> extraBinds,
      @JsonProperty("extra_env") List<String> extraEnv,
      @JsonProperty("cluster_cidr") String clusterCidr,
      @JsonProperty("service_cluster_ip_range") String serviceClusterIpRange) implements Service {
  }

  /** {@code services.scheduler}. */
  public record Scheduler(
      String image,
      @JsonProperty("extra_args") Map<String, String> extraArgs,
      @JsonProperty("extra_binds") List<String> extraBinds,
      @JsonProperty("extra_env") List<String> extraEnv) implements Service {
  }

  /** {@code services.kubelet}. */
  public record Kubelet(
      String image,
      @JsonProperty("extra_args") Map<String, String> extraArgs,
      @JsonProperty("extra_binds") List<String> extraBinds,
      @JsonProperty("extra_env") List<String> extraEnv,
      @JsonProperty("cluster_domain") String clusterDomain,
      @JsonProperty("cluster_dns_server") String clusterDnsServer,
      @JsonProperty("infra_container_image") String infraContainerImage,
      @JsonProperty("fail_swap_on") Boolean failSwapOn,
      @JsonProperty("generate_serving_certificate") Boolean generateServingCertificate) implements Service {
  }

  /** {@code services.kubeproxy}. */
  public record Kubeproxy(
      String image,
      @JsonProperty("extra_args") Map<String, String> extraArgs,
      @JsonProperty("extra_binds") List<String> extraBinds,
      @JsonProperty("extra_env") List<String> extraEnv) implements Service {
  }
}
