package io.slipway.engine.plan;

import io.slipway.engine.config.Addresses;
import io.slipway.engine.config.NodeConfig;
import io.slipway.engine.config.Role;
import io.slipway.engine.config.Services;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The container of each cluster component on a given node: the flags RKE computes (addresses,
 * certificates, ranges), then the flags KDM sets for the Kubernetes version (RKE's service
 * options: an empty value drops a flag), then the user's extra_args; RKE's binds and env, then
 * extra_binds and extra_env.
 */
final class Components {

  static final String ETCD = "etcd";
  static final String SNAPSHOTS = "etcd-rolling-snapshots";
  static final String APISERVER = "kube-apiserver";
  static final String CONTROLLER_MANAGER = "kube-controller-manager";
  static final String SCHEDULER = "kube-scheduler";
  static final String KUBELET = "kubelet";
  static final String KUBE_PROXY = "kube-proxy";
  static final String NGINX_PROXY = "nginx-proxy";
  /** RKE's container holding the rke-tools entrypoint (and cri-dockerd) in a volume the kubelet mounts. */
  static final String SIDEKICK = "service-sidekick";
  /** RKE's entrypoint for Kubernetes components, from the sidekick's volume. */
  static final String TOOLS_ENTRYPOINT = "/opt/rke-tools/entrypoint.sh";

  /** Each role's label key, e.g. node-role.kubernetes.io/worker. */
  private static final Map<Role, String> ROLE_LABELS = Arrays.stream(Role.values()).collect(Collectors.toUnmodifiableMap(
      role -> role, role -> "node-role.kubernetes.io/" + role.yamlName()));

  /** Environment variable carrying the certificates' fingerprint (RKE uses *_CHECKSUM variables likewise). */
  static final String PKI_ENV = "SLIPWAY_PKI_FINGERPRINT";

  private final Topology t;
  private final String pkiFingerprint;
  /** {@code /etc/kubernetes} (under prefix_path) bound into every component. */
  private final String kubernetesBind;
  /** What the kubelet and kube-proxy, which every node runs, have in common on every node: made once per plan. */
  private final Flags.Template kubeletCommand;
  private final List<String> kubeletEnv;
  private final List<String> kubeletBinds;
  private final Flags.Template kubeProxyCommand;
  private final List<String> kubeProxyEnv;
  private final List<String> kubeProxyBinds;
  /** Resolved system images by key, each resolved once per plan. */
  private final Map<String, String> images = new HashMap<>();
  /** Hashes this plan's specs. */
  private final SpecDigest digest = new SpecDigest();
  /** The specs that are the same on every node, made on first use. */
  private ContainerSpec nginxProxy;
  private ContainerSpec sidekick;

  Components(Topology topology, String pkiFingerprint) {
    this.t = topology;
    this.pkiFingerprint = pkiFingerprint;
    this.kubernetesBind = t.hostPath(Paths.KUBERNETES) + ":" + Paths.KUBERNETES + ":z";
    this.kubeletCommand = kubeletCommand();
    this.kubeletEnv = kubeletEnv();
    this.kubeletBinds = binds(List.of(kubernetesBind, t.hostPath("/etc/cni") + ":/etc/cni:rw,z",
        t.hostPath("/opt/cni") + ":/opt/cni:rw,z", "/var/lib/cni:/var/lib/cni:z", "/etc/resolv.conf:/etc/resolv.conf",
        "/sys:/sys:rprivate", "/var/lib/docker:/var/lib/docker:rw,rslave,z",
        t.hostPath("/var/lib/kubelet") + ":/var/lib/kubelet:shared,z", "/var/run:/var/run:rw,rprivate",
        "/run:/run:rprivate", "/dev:/host/dev:rprivate", "/var/log/containers:/var/log/containers:z",
        "/var/log/pods:/var/log/pods:z"), t.config().services().kubelet());
    this.kubeProxyCommand = kubeProxyCommand();
    this.kubeProxyEnv = env(pki(List.of()), t.config().services().kubeproxy());
    this.kubeProxyBinds = binds(List.of(kubernetesBind, "/run:/run", "/lib/modules:/lib/modules:ro"),
        t.config().services().kubeproxy());
  }

  /** etcd on {@code node}: a founding member of a new cluster, or {@code joining} one that runs. */
  ContainerSpec etcd(NodeConfig node, boolean joining) {
    Services.Etcd etcd = t.config().services().etcd();
    String ip = node.internalAddress();
    String cert = Paths.etcdCertName(ip);
    Flags flags = new Flags()
        .set("name", Topology.etcdName(node))
        .set("data-dir", "/var/lib/rancher/etcd/")
        .set("advertise-client-urls", Addresses.url("https", ip, 2379))
        .set("listen-client-urls", "https://0.0.0.0:2379")
        .set("initial-advertise-peer-urls", Addresses.url("https", ip, 2380))
        .set("listen-peer-urls", "https://0.0.0.0:2380")
        .set("initial-cluster", t.initialCluster())
        .set("initial-cluster-state", joining ? "existing" : "new")
        .set("initial-cluster-token", "etcd-cluster-1")
        .set("trusted-ca-file", Paths.CA)
        .set("peer-trusted-ca-file", Paths.CA)
        .set("cert-file", Paths.cert(cert)).set("key-file", Paths.key(cert))
        .set("peer-cert-file", Paths.cert(cert)).set("peer-key-file", Paths.key(cert))
        .set("client-cert-auth", "true").set("peer-client-cert-auth", "true")
        .set("election-timeout", "5000").set("heartbeat-interval", "500")  // RKE's defaults of etcd's extra_args
        .withServiceOptions(t.serviceOptions("etcd"))
        .overrideWith(etcd.extraArgs());
    return spec(ETCD, image("etcd"), flags.command("/usr/local/bin/etcd"),
        env(pki(List.of("ETCDCTL_API=3", "ETCDCTL_CACERT=" + Paths.CA, "ETCDCTL_CERT=" + Paths.cert(cert),
            "ETCDCTL_KEY=" + Paths.key(cert), "ETCDCTL_ENDPOINTS=" + Addresses.url("https", ip, 2379))), etcd),
        binds(List.of(t.hostPath(Paths.ETCD_DATA) + ":/var/lib/rancher/etcd:z", kubernetesBind), etcd), false, false)
        // etcd reads the cluster bootstrap flags only with an empty data dir: they differ between a
        // founding and a joining member, and change as members come and go, without changing the member.
        .withHashIgnoring(Set.of("initial-cluster", "initial-cluster-state"));
  }

  ContainerSpec etcdSnapshots(NodeConfig node) {
    Services.Etcd etcd = t.config().services().etcd();
    String cert = Paths.etcdCertName(node.internalAddress());
    List<String> command = List.of("/opt/rke-tools/rke-etcd-backup", "etcd-backup", "save",
        "--cacert", Paths.CA, "--cert", Paths.cert(cert), "--key", Paths.key(cert),
        "--name", SNAPSHOTS, "--endpoints=" + Addresses.hostPort(node.internalAddress(), 2379),
        "--retention=" + snapshotRetention(etcd), "--creation=" + snapshotCreation(etcd));
    return spec(SNAPSHOTS, image("alpine"), command, pki(List.of()),
        // RKE keeps snapshots in /opt/rke/etcd-snapshots whatever prefix_path says, as save and restore expect them
        List.of(Paths.SNAPSHOTS + ":/backup:z", kubernetesBind), false, false);
  }

  /**
   * How often rolling snapshots are taken: as RKE, {@code backup_config.interval_hours} (default
   * 12) when there is a backup_config that is not disabled, else {@code creation}.
   */
  private static String snapshotCreation(Services.Etcd etcd) {
    return backupConfig(etcd) ? intervalHours(etcd.backupConfig()) + "h" : etcd.creation();
  }

  /** How long they are kept: as RKE, {@code retention} (a count, default 6) times the interval, else {@code retention}. */
  private static String snapshotRetention(Services.Etcd etcd) {
    if (!backupConfig(etcd)) {
      return etcd.retention();
    }
    Integer count = etcd.backupConfig().retention();
    return (count == null ? 6 : count) * intervalHours(etcd.backupConfig()) + "h";
  }

  private static boolean backupConfig(Services.Etcd etcd) {
    return etcd.backupConfig() != null && !Boolean.FALSE.equals(etcd.backupConfig().enabled());
  }

  private static int intervalHours(Services.BackupConfig backup) {
    return backup.intervalHours() == null || backup.intervalHours() < 1 ? 12 : backup.intervalHours();
  }

  ContainerSpec apiserver(NodeConfig node) {
    Services.KubeApi api = t.config().services().kubeApi();
    Flags flags = new Flags()
        .set("advertise-address", node.internalAddress())
        .set("client-ca-file", Paths.CA)
        .set("tls-cert-file", Paths.cert("kube-apiserver")).set("tls-private-key-file", Paths.key("kube-apiserver"))
        .set("kubelet-client-certificate", Paths.cert("kube-apiserver"))
        .set("kubelet-client-key", Paths.key("kube-apiserver"))
        .set("etcd-servers", t.etcdServers()).set("etcd-prefix", "/registry")
        .set("etcd-cafile", Paths.CA)
        .set("etcd-certfile", Paths.cert("kube-node")).set("etcd-keyfile", Paths.key("kube-node"))
        .set("service-cluster-ip-range", api.serviceClusterIpRange())
        .set("service-node-port-range", api.serviceNodePortRange())
        .set("service-account-key-file", Paths.key("kube-service-account-token"))
        .set("authorization-mode", t.config().authorization().mode().equals("rbac") ? "Node,RBAC" : "AlwaysAllow")
        .set("requestheader-client-ca-file", Paths.cert("kube-apiserver-requestheader-ca"))
        .set("requestheader-allowed-names", "kube-apiserver-proxy-client")
        .set("proxy-client-cert-file", Paths.cert("kube-apiserver-proxy-client"))
        .set("proxy-client-key-file", Paths.key("kube-apiserver-proxy-client"))
        .withServiceOptions(t.serviceOptions("kubeapi"))
        .overrideWith(api.extraArgs());
    return kube(APISERVER, flags, api, List.of(kubernetesBind), false, false);
  }

  ContainerSpec controllerManager() {
    Services.KubeController cm = t.config().services().kubeController();
    Flags flags = new Flags()
        .set("kubeconfig", Paths.kubeconfig(CONTROLLER_MANAGER))
        .set("cluster-cidr", cm.clusterCidr())
        .set("service-cluster-ip-range", cm.serviceClusterIpRange())
        .set("root-ca-file", Paths.CA)
        .set("service-account-private-key-file", Paths.key("kube-service-account-token"))
        .set("use-service-account-credentials", "true")
        .withServiceOptions(t.serviceOptions("kubeController"))
        .overrideWith(cm.extraArgs());
    return kube(CONTROLLER_MANAGER, flags, cm, List.of(kubernetesBind), false, false);
  }

  ContainerSpec scheduler() {
    Services.Scheduler scheduler = t.config().services().scheduler();
    Flags flags = new Flags()
        .set("kubeconfig", Paths.kubeconfig(SCHEDULER))
        .withServiceOptions(t.serviceOptions("scheduler"))
        .overrideWith(scheduler.extraArgs());
    return kube(SCHEDULER, flags, scheduler, List.of(kubernetesBind), false, false);
  }

  ContainerSpec kubelet(NodeConfig node, Set<Role> roles) {
    Map<String, String> own = new HashMap<>();
    own.put("hostname-override", node.hostname());
    own.put("node-ip", node.internalAddress());
    if (t.minor() < 16) {
      own.put("node-labels", roleLabels(roles));
    }
    taint(roles).ifPresent(taint -> own.put("register-with-taints", taint));
    return ContainerSpec.component(KUBELET, image("kubernetes"), kubeletCommand.of(own), kubeletEnv, kubeletBinds,
        true, true, criDockerd() ? List.of(SIDEKICK) : List.of(), digest);
  }

  /** The kubelet's command, but for the node's own flags: its name, address, role labels and taint. */
  private Flags.Template kubeletCommand() {
    Services.Kubelet kubelet = t.config().services().kubelet();
    Flags flags = new Flags()
        .set("kubeconfig", Paths.kubeconfig("kube-node"))
        .perNode("hostname-override")
        .perNode("node-ip")
        .set("cluster-dns", kubelet.clusterDnsServer())
        .set("cluster-domain", kubelet.clusterDomain())
        .set("pod-infra-container-image", kubelet.infraContainerImage() != null
            ? kubelet.infraContainerImage() : image("pod_infra_container"))
        .set("fail-swap-on", Boolean.toString(kubelet.failSwapOn()))
        .set("client-ca-file", Paths.CA)
        .set("root-dir", "/var/lib/kubelet")
        .withServiceOptions(t.serviceOptions("kubelet"));
    if (t.minor() < 16) {
      // Kubelets before 1.16 may label themselves with node roles; later ones are labelled through the API.
      flags.perNode("node-labels");
    }
    flags.perNode("register-with-taints");  // a node that is not a worker has a role taint
    if (criDockerd()) {
      // RKE's kubelet image starts cri-dockerd beside the kubelet when told to, and the kubelet talks CRI to it
      flags.set("container-runtime-endpoint", "unix:///var/run/cri-dockerd.sock");
      if (t.minor() < 27) {
        flags.set("container-runtime", "remote");
      }
    }
    flags.overrideWith(kubelet.extraArgs());
    // as RKE: with NodeLocal DNS the pods' resolver is the cache on their node, whatever extra_args say
    DnsAddons.nodeLocalAddress(t.config()).ifPresent(address -> flags.set("cluster-dns", address));
    // as RKE: with cri-dockerd, the rke-tools entrypoint (from the sidekick's volume) starts it and then the kubelet
    return criDockerd() ? flags.template(TOOLS_ENTRYPOINT, KUBELET) : flags.template(KUBELET);
  }

  private List<String> kubeletEnv() {
    // RKE's kubelet image starts cri-dockerd beside the kubelet when told to
    return env(pki(criDockerd() ? List.of("RKE_KUBELET_CRIDOCKERD=true") : List.of()), t.config().services().kubelet());
  }

  /**
   * RKE's service-sidekick: created from the {@code kubernetes_services_sidecar} image (rke-tools)
   * and never started, so that its {@code /opt/rke-tools} volume (the entrypoint and cri-dockerd)
   * can be mounted by the kubelet. Planned where the kubelet runs with cri-dockerd.
   */
  ContainerSpec sidekick() {
    if (sidekick == null) {
      sidekick = ContainerSpec.volumeHolder(SIDEKICK, image("kubernetes_services_sidecar"), List.of("/bin/bash"),
          List.of("/opt/rke-tools"));
    }
    return sidekick;
  }

  /** Whether the kubelet runs with cri-dockerd: RKE's default from Kubernetes 1.24, when dockershim was removed. */
  boolean criDockerd() {
    Boolean enabled = t.config().enableCriDockerd();
    return t.minor() >= 24 ? !Boolean.FALSE.equals(enabled) : Boolean.TRUE.equals(enabled) && t.minor() >= 21;
  }

  ContainerSpec kubeProxy(NodeConfig node) {
    return ContainerSpec.component(KUBE_PROXY, image("kubernetes"), kubeProxyCommand.of(Map.of("hostname-override",
        node.hostname())), kubeProxyEnv, kubeProxyBinds, true, true, List.of(), digest);
  }

  /** kube-proxy's command, but for the node's name. */
  private Flags.Template kubeProxyCommand() {
    return new Flags()
        .set("kubeconfig", Paths.kubeconfig(KUBE_PROXY))
        .set("cluster-cidr", t.config().services().kubeController().clusterCidr())
        .perNode("hostname-override")
        .withServiceOptions(t.serviceOptions("kubeproxy"))
        .overrideWith(t.config().services().kubeproxy().extraArgs())
        .template(KUBE_PROXY);
  }

  /** nginx on 127.0.0.1:6443 of a node without an apiserver, in front of every apiserver. */
  ContainerSpec nginxProxy() {
    if (nginxProxy == null) {
      String hosts = t.controlplane().stream().map(NodeConfig::internalAddress).collect(Collectors.joining(","));
      // CP_HOSTS also goes into the command so that a changed list of apiservers changes the spec (RKE does the same).
      nginxProxy = spec(NGINX_PROXY, image("nginx_proxy"), List.of("nginx-proxy", "CP_HOSTS=" + hosts),
          List.of("CP_HOSTS=" + hosts), List.of(), false, false);
    }
    return nginxProxy;
  }

  /** Role labels as the kubelet and kubectl know them, e.g. node-role.kubernetes.io/worker=true. */
  static String roleLabels(Set<Role> roles) {
    return roleLabelMap(roles).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }

  /** The role labels of a node with {@code roles}, in a new sorted map. */
  static Map<String, String> roleLabelMap(Set<Role> roles) {
    Map<String, String> labels = new TreeMap<>();
    roles.forEach(r -> labels.put(ROLE_LABELS.get(r), "true"));
    return labels;
  }

  /** RKE keeps pods off etcd-only (NoExecute) and controlplane-only (NoSchedule) nodes. */
  static Optional<NodeConfig.Taint> roleTaint(Set<Role> roles) {
    if (roles.contains(Role.WORKER)) {
      return Optional.empty();
    }
    return Optional.of(roles.contains(Role.CONTROLPLANE)
        ? new NodeConfig.Taint("node-role.kubernetes.io/controlplane", "true", "NoSchedule")
        : new NodeConfig.Taint("node-role.kubernetes.io/etcd", "true", "NoExecute"));
  }

  /** The role taint as the kubelet's --register-with-taints spells it. */
  static Optional<String> taint(Set<Role> roles) {
    return roleTaint(roles).map(t -> t.key() + "=" + t.value() + ":" + t.effect());
  }

  private ContainerSpec kube(String name, Flags flags, Services.Service service, List<String> binds,
      boolean privileged, boolean hostPid) {
    return spec(name, image("kubernetes"), flags.command(name), env(pki(List.of()), service), binds(binds, service),
        privileged, hostPid);
  }

  private ContainerSpec spec(String name, String image, List<String> command, List<String> env,
      List<String> binds, boolean privileged, boolean hostPid) {
    return ContainerSpec.component(name, image, command, env, binds, privileged, hostPid, List.of(), digest);
  }

  /** {@code base} plus the certificates' fingerprint, when one is known. */
  private List<String> pki(List<String> base) {
    return pkiFingerprint.isEmpty() ? base : concat(base, List.of(PKI_ENV + "=" + pkiFingerprint));
  }

  private String image(String key) {
    return images.computeIfAbsent(key, t::image);
  }

  private static List<String> env(List<String> base, Services.Service service) {
    return concat(base, service.extraEnv());
  }

  private static List<String> binds(List<String> base, Services.Service service) {
    return concat(base, service.extraBinds());
  }

  private static List<String> concat(List<String> a, List<String> b) {
    if (b.isEmpty()) {
      return a;
    }
    List<String> both = new ArrayList<>(a.size() + b.size());
    both.addAll(a);
    both.addAll(b);
    return both;
  }
}
