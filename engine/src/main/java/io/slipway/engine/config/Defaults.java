package io.slipway.engine.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.engine.config.ClusterConfig.Authentication;
import io.slipway.engine.config.ClusterConfig.Authorization;
import io.slipway.engine.config.ClusterConfig.PrivateRegistry;
import io.slipway.engine.config.ClusterConfig.UpgradeStrategy;
import io.slipway.engine.config.Services.Etcd;
import io.slipway.engine.config.Services.KubeApi;
import io.slipway.engine.config.Services.KubeController;
import io.slipway.engine.config.Services.Kubelet;
import io.slipway.engine.config.Services.Kubeproxy;
import io.slipway.engine.config.Services.Scheduler;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
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
  public static final String SSH_KEY_PATH = "~/.ssh/id_rsa";
  public static final String NETWORK_PLUGIN = "canal";
  /** How long an addon's deploy job may take, in seconds (RKE's k8s.DefaultTimeout, also for 0). */
  public static final int ADDON_JOB_TIMEOUT = 45;
  public static final String AUTHENTICATION = "x509";
  public static final String AUTHORIZATION = "rbac";
  /** The network plugins RKE knows, in the order its `rke config` question names them. */
  public static final List<String> NETWORK_PLUGINS = List.of("flannel", "calico", "weave", "canal", "aci", "none");
  public static final List<String> AUTHENTICATIONS = List.of("x509", "x509|webhook");
  public static final List<String> AUTHORIZATIONS = List.of("rbac", "none");
  public static final String NODE_PORT_RANGE = "30000-32767";
  public static final String DOCKER_SOCKET = "/var/run/docker.sock";
  /** RKE's registry when a private registry names none. */
  public static final String DOCKER_HUB = "docker.io";
  /** RKE's SSH port of a node or the bastion when none is given. */
  public static final int SSH_PORT = 22;
  /** RKE's SSH user of the bastion when none is given. */
  public static final String BASTION_USER = "root";

  private static final ObjectMapper EMPTY = new ObjectMapper();

  private Defaults() {
  }

  public static ClusterConfig apply(ClusterConfig c) {
    String version = or(c.kubernetesVersion(), KubernetesVersions.DEFAULT);
    Map<String, String> images = new TreeMap<>(KubernetesVersions.images(version).orElse(Map.of()));
    // a blank image is one left out, as RKE fills it from the version's (rke config writes all 41 keys blank)
    or(c.systemImages(), Map.<String, String>of()).forEach((key, image) -> {
      if (!image.isBlank()) {
        images.put(key, image);
      }
    });
    Services s = orEmpty(c.services(), Services.class);
    String serviceRange = s.kubeApi() != null && s.kubeApi().serviceClusterIpRange() != null
        ? s.kubeApi().serviceClusterIpRange() : SERVICE_RANGE;
    return new ClusterConfig(
        or(c.nodes(), List.<NodeConfig>of()).stream().map(n -> n == null ? null : node(n)).toList(),
        services(s, serviceRange),
        network(c.network()),
        authentication(c.authentication()),
        c.authorization() == null ? new Authorization(AUTHORIZATION, Map.of())
            : new Authorization(or(c.authorization().mode(), AUTHORIZATION), or(c.authorization().options(), Map.of())),
        Collections.unmodifiableMap(images),
        or(c.privateRegistries(), List.<PrivateRegistry>of()).stream().map(Defaults::registry).toList(),
        or(c.sshKeyPath(), SSH_KEY_PATH),
        c.sshCertPath(),
        or(c.sshAgentAuth(), false),
        c.bastionHost() == null || c.bastionHost().address() == null ? null : c.bastionHost(),
        or(c.clusterName(), "local"),
        version,
        upgradeStrategy(c.upgradeStrategy()),
        or(c.ignoreDockerVersion(), false),
        or(c.prefixPath(), "/"),
        c.addons(),
        or(c.addonsInclude(), List.of()),
        c.addonJobTimeout() == null || c.addonJobTimeout() <= 0 ? ADDON_JOB_TIMEOUT : c.addonJobTimeout(),
        c.ingress(), c.dns(), c.monitoring(), c.restore(), c.rotateCertificates(), c.cloudProvider(),
        c.enableCriDockerd(), c.winPrefixPath(), c.rotateEncryptionKey(), c.criDockerdStreamServerAddress(),
        c.criDockerdStreamServerPort());
  }

  private static NodeConfig node(NodeConfig n) {
    // RKE lower-cases hostname_override (a Kubernetes node name is a lower-case DNS name)
    String hostname = n.hostnameOverride() != null ? n.hostnameOverride().toLowerCase(Locale.ROOT) : n.address();
    return new NodeConfig(n.address(), or(n.port(), Integer.toString(SSH_PORT)), or(n.internalAddress(), n.address()),
        n.user(), or(n.role(), List.of()), hostname, n.sshKey(), n.sshKeyPath(), n.sshCert(), n.sshCertPath(),
        or(n.dockerSocket(), DOCKER_SOCKET), or(n.labels(), Map.of()), or(n.taints(), List.of()), n.sshAgentAuth(),
        n.nodeName());
  }

  private static Services services(Services s, String serviceRange) {
    Etcd e = orEmpty(s.etcd(), Etcd.class);
    KubeApi a = orEmpty(s.kubeApi(), KubeApi.class);
    KubeController k = orEmpty(s.kubeController(), KubeController.class);
    Scheduler d = orEmpty(s.scheduler(), Scheduler.class);
    Kubelet l = orEmpty(s.kubelet(), Kubelet.class);
    Kubeproxy p = orEmpty(s.kubeproxy(), Kubeproxy.class);
    return new Services(
        new Etcd(e.image(), args(e.extraArgs()), list(e.extraBinds()), list(e.extraEnv()), e.extraArgsArray(),
            e.winExtraArgs(), e.winExtraArgsArray(), e.winExtraBinds(), e.winExtraEnv(), or(e.snapshot(), true),
            or(e.creation(), "12h"), or(e.retention(), "72h"), e.backupConfig(), list(e.externalUrls()), e.caCert(),
            e.cert(), e.key(), e.path(), e.uid(), e.gid()),
        new KubeApi(a.image(), args(a.extraArgs()), list(a.extraBinds()), list(a.extraEnv()), a.extraArgsArray(),
            a.winExtraArgs(), a.winExtraArgsArray(), a.winExtraBinds(), a.winExtraEnv(), serviceRange,
            or(a.serviceNodePortRange(), NODE_PORT_RANGE), or(a.podSecurityPolicy(), false),
            or(a.alwaysPullImages(), false), a.auditLog(), a.secretsEncryptionConfig(), a.eventRateLimit(),
            a.admissionConfiguration(), a.podSecurityConfiguration()),
        new KubeController(k.image(), args(k.extraArgs()), list(k.extraBinds()), list(k.extraEnv()), k.extraArgsArray(),
            k.winExtraArgs(), k.winExtraArgsArray(), k.winExtraBinds(), k.winExtraEnv(), or(k.clusterCidr(), POD_RANGE),
            or(k.serviceClusterIpRange(), serviceRange)),
        new Scheduler(d.image(), args(d.extraArgs()), list(d.extraBinds()), list(d.extraEnv()), d.extraArgsArray(),
            d.winExtraArgs(), d.winExtraArgsArray(), d.winExtraBinds(), d.winExtraEnv()),
        new Kubelet(l.image(), args(l.extraArgs()), list(l.extraBinds()), list(l.extraEnv()), l.extraArgsArray(),
            l.winExtraArgs(), l.winExtraArgsArray(), l.winExtraBinds(), l.winExtraEnv(),
            or(l.clusterDomain(), CLUSTER_DOMAIN), or(l.clusterDnsServer(), CLUSTER_DNS), l.infraContainerImage(),
            or(l.failSwapOn(), false), or(l.generateServingCertificate(), false)),
        new Kubeproxy(p.image(), args(p.extraArgs()), list(p.extraBinds()), list(p.extraEnv()), p.extraArgsArray(),
            p.winExtraArgs(), p.winExtraArgsArray(), p.winExtraBinds(), p.winExtraEnv()));
  }

  /** {@code section}, or the section as an empty mapping binds (every key null). */
  private static <T> T orEmpty(T section, Class<T> type) {
    return section != null ? section : EMPTY.convertValue(Map.of(), type);
  }

  private static ClusterConfig.Network network(ClusterConfig.Network n) {
    return n == null ? new ClusterConfig.Network(NETWORK_PLUGIN, Map.of(), null)
        : new ClusterConfig.Network(or(n.plugin(), NETWORK_PLUGIN), or(n.options(), Map.of()), n.mtu(), n.nodeSelector(),
            n.updateStrategy(), n.tolerations(), n.calicoNetworkProvider(), n.canalNetworkProvider(),
            n.flannelNetworkProvider(), n.weaveNetworkProvider(), n.aciNetworkProvider());
  }

  /** A registry with no url is Docker Hub's, as RKE has it. */
  private static PrivateRegistry registry(PrivateRegistry r) {
    return r == null ? null
        : new PrivateRegistry(or(r.url(), DOCKER_HUB), r.user(), r.password(), or(r.isDefault(), false), r.ecrCredentialPlugin());
  }

  private static Authentication authentication(Authentication a) {
    return a == null ? new Authentication(AUTHENTICATION, List.of(), null)
        : new Authentication(or(a.strategy(), AUTHENTICATION), or(a.sans(), List.of()), a.webhook());
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
