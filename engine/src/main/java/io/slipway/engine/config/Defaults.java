package io.slipway.engine.config;

import io.slipway.engine.config.ClusterConfig.Authentication;
import io.slipway.engine.config.ClusterConfig.Authorization;
import io.slipway.engine.config.ClusterConfig.UpgradeStrategy;
import io.slipway.engine.config.Services.Etcd;
import io.slipway.engine.config.Services.KubeApi;
import io.slipway.engine.config.Services.KubeController;
import io.slipway.engine.config.Services.Kubelet;
import io.slipway.engine.config.Services.Kubeproxy;
import io.slipway.engine.config.Services.Scheduler;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * RKE's defaults, filled into a loaded {@link ClusterConfig}: port 22, internal address and
 * hostname from the address, docker socket, cluster name {@code local}, service range
 * 10.43.0.0/16, pod range 10.42.0.0/16, cluster DNS 10.43.0.10, domain cluster.local, etcd
 * snapshots every 12h kept 72h, upgrade max unavailable 10% of workers and 1 control plane,
 * x509 authentication, RBAC, and the system images of the Kubernetes version.
 */
public final class Defaults {

  public static final String SERVICE_RANGE = "10.43.0.0/16";
  public static final String POD_RANGE = "10.42.0.0/16";
  public static final String CLUSTER_DNS = "10.43.0.10";
  public static final String CLUSTER_DOMAIN = "cluster.local";
  public static final String NODE_PORT_RANGE = "30000-32767";
  public static final String DOCKER_SOCKET = "/var/run/docker.sock";
  /** RKE's SSH port of a node or the bastion when none is given. */
  public static final int SSH_PORT = 22;
  /** RKE's SSH user of the bastion when none is given. */
  public static final String BASTION_USER = "root";

  private Defaults() {
  }

  public static ClusterConfig apply(ClusterConfig c) {
    String version = or(c.kubernetesVersion(), KubernetesVersions.DEFAULT);
    Map<String, String> images = new TreeMap<>(KubernetesVersions.images(version).orElse(Map.of()));
    images.putAll(or(c.systemImages(), Map.of()));
    Services s = or(c.services(), new Services(null, null, null, null, null, null));
    String serviceRange = s.kubeApi() != null && s.kubeApi().serviceClusterIpRange() != null
        ? s.kubeApi().serviceClusterIpRange() : SERVICE_RANGE;
    return new ClusterConfig(
        or(c.nodes(), List.<NodeConfig>of()).stream().map(Defaults::node).toList(),
        services(s, serviceRange),
        or(c.network(), new ClusterConfig.Network("canal", Map.of(), null)),
        authentication(c.authentication()),
        or(c.authorization(), new Authorization("rbac", Map.of())),
        Collections.unmodifiableMap(images),
        or(c.privateRegistries(), List.of()),
        or(c.sshKeyPath(), "~/.ssh/id_rsa"),
        c.sshCertPath(),
        or(c.sshAgentAuth(), false),
        c.bastionHost(),
        or(c.clusterName(), "local"),
        version,
        upgradeStrategy(c.upgradeStrategy()),
        or(c.ignoreDockerVersion(), false),
        or(c.prefixPath(), "/"),
        c.addons(),
        or(c.addonsInclude(), List.of()),
        or(c.addonJobTimeout(), 30),
        c.ingress(), c.dns(), c.monitoring(), c.restore(), c.rotateCertificates(), c.cloudProvider(),
        c.enableCriDockerd(), c.winPrefixPath(), c.rotateEncryptionKey());
  }

  private static NodeConfig node(NodeConfig n) {
    return new NodeConfig(n.address(), or(n.port(), Integer.toString(SSH_PORT)), or(n.internalAddress(), n.address()),
        n.user(), or(n.role(), List.of()), or(n.hostnameOverride(), n.address()), n.sshKey(), n.sshKeyPath(), n.sshCert(),
        n.sshCertPath(), or(n.dockerSocket(), DOCKER_SOCKET), or(n.labels(), Map.of()), or(n.taints(), List.of()));
  }

  private static Services services(Services s, String serviceRange) {
    Etcd e = s.etcd();
    KubeApi a = s.kubeApi();
    KubeController k = s.kubeController();
    Kubelet l = s.kubelet();
    return new Services(
        e == null
            ? new Etcd(null, Map.of(), List.of(), List.of(), true, "12h", "72h", null, List.of(), null, null)
            : new Etcd(e.image(), args(e.extraArgs()), list(e.extraBinds()), list(e.extraEnv()), or(e.snapshot(), true),
                or(e.creation(), "12h"), or(e.retention(), "72h"), e.backupConfig(), list(e.externalUrls()), e.uid(),
                e.gid()),
        a == null
            ? new KubeApi(null, Map.of(), List.of(), List.of(), serviceRange, NODE_PORT_RANGE, false, false, null, null,
                null, null, null)
            : new KubeApi(a.image(), args(a.extraArgs()), list(a.extraBinds()), list(a.extraEnv()), serviceRange,
                or(a.serviceNodePortRange(), NODE_PORT_RANGE), or(a.podSecurityPolicy(), false),
                or(a.alwaysPullImages(), false), a.auditLog(), a.secretsEncryptionConfig(), a.eventRateLimit(),
                a.admissionConfiguration(), a.podSecurityConfiguration()),
        k == null
            ? new KubeController(null, Map.of(), List.of(), List.of(), POD_RANGE, serviceRange)
            : new KubeController(k.image(), args(k.extraArgs()), list(k.extraBinds()), list(k.extraEnv()),
                or(k.clusterCidr(), POD_RANGE), or(k.serviceClusterIpRange(), serviceRange)),
        s.scheduler() == null
            ? new Scheduler(null, Map.of(), List.of(), List.of())
            : new Scheduler(s.scheduler().image(), args(s.scheduler().extraArgs()), list(s.scheduler().extraBinds()),
                list(s.scheduler().extraEnv())),
        l == null
            ? new Kubelet(null, Map.of(), List.of(), List.of(), CLUSTER_DOMAIN, CLUSTER_DNS, null, false, false)
            : new Kubelet(l.image(), args(l.extraArgs()), list(l.extraBinds()), list(l.extraEnv()),
                or(l.clusterDomain(), CLUSTER_DOMAIN), or(l.clusterDnsServer(), CLUSTER_DNS), l.infraContainerImage(),
                or(l.failSwapOn(), false), or(l.generateServingCertificate(), false)),
        s.kubeproxy() == null
            ? new Kubeproxy(null, Map.of(), List.of(), List.of())
            : new Kubeproxy(s.kubeproxy().image(), args(s.kubeproxy().extraArgs()), list(s.kubeproxy().extraBinds()),
                list(s.kubeproxy().extraEnv())));
  }

  private static Authentication authentication(Authentication a) {
    return a == null ? new Authentication("x509", List.of())
        : new Authentication(or(a.strategy(), "x509"), or(a.sans(), List.of()));
  }

  private static UpgradeStrategy upgradeStrategy(UpgradeStrategy u) {
    return u == null ? new UpgradeStrategy("10%", "1", false, null)
        : new UpgradeStrategy(or(u.maxUnavailableWorker(), "10%"), or(u.maxUnavailableControlplane(), "1"),
            or(u.drain(), false), u.nodeDrainInput());
  }

  private static Map<String, String> args(Map<String, String> args) {
    return args == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(args));
  }

  private static <T> List<T> list(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
