package io.slipway.engine.plan;

import io.slipway.engine.config.NodeConfig;
import io.slipway.engine.config.Role;
import io.slipway.engine.kubeconfig.Kubeconfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The certificates, keys and kubeconfigs each host needs, at RKE's paths, all mode 0600.
 * Every node: CA, its kubelet (kube-node) and kube-proxy identities. etcd nodes: their member
 * certificate. Control-plane nodes: apiserver, controller-manager, scheduler, service-account
 * key and the front-proxy (request-header) pair.
 */
final class HostFiles {

  /** A file to write: path, mode, source, and the name of the step that writes it ({@code write:} and the path). */
  record File(String path, int mode, FileSource source, String stepName) {
    File(String path, int mode, FileSource source) {
      this(path, mode, source, "write:" + path);
    }
  }

  private static final int PRIVATE = 0600;
  private static final URI LOCAL_APISERVER = URI.create("https://127.0.0.1:6443");

  /**
   * Each component identity's kubeconfig, the same on every node: rendered once, not once per
   * node (planning 10,000 nodes would otherwise serialise tens of thousands of them).
   */
  private static final Map<String, FileSource.Text> KUBECONFIGS = Stream.of("kube-node", "kube-proxy",
      "kube-controller-manager", "kube-scheduler").collect(Collectors.toUnmodifiableMap(identity -> identity,
          identity -> new FileSource.Text(Kubeconfig.files("local", identity, LOCAL_APISERVER, Paths.CA,
              Paths.cert(identity), Paths.key(identity)).yaml())));

  /** What every node holds: the CA, its kubelet (kube-node) and kube-proxy identities. */
  private static final List<File> EVERY_NODE = List.copyOf(everyNode());
  /** What a control-plane node holds besides. */
  private static final List<File> CONTROLPLANE = List.copyOf(controlplane());

  private HostFiles() {
  }

  /** The files of {@code node}, which has {@code roles}. */
  static List<File> of(NodeConfig node, Set<Role> roles) {
    if (!roles.contains(Role.ETCD) && !roles.contains(Role.CONTROLPLANE)) {
      return EVERY_NODE;
    }
    List<File> files = new ArrayList<>(EVERY_NODE);
    if (roles.contains(Role.ETCD)) {
      pair(files, Paths.etcdCertName(node.internalAddress()));
    }
    if (roles.contains(Role.CONTROLPLANE)) {
      files.addAll(CONTROLPLANE);
    }
    return files;
  }

  private static List<File> everyNode() {
    List<File> files = new ArrayList<>();
    files.add(new File(Paths.CA, PRIVATE, new FileSource.Pki("kube-ca", FileSource.Part.CERTIFICATE)));
    pair(files, "kube-node");
    pair(files, "kube-proxy");
    kubeconfig(files, "kube-node", "kube-node");
    kubeconfig(files, Components.KUBE_PROXY, "kube-proxy");
    return files;
  }

  private static List<File> controlplane() {
    List<File> files = new ArrayList<>();
    pair(files, "kube-apiserver");
    pair(files, "kube-controller-manager");
    pair(files, "kube-scheduler");
    pair(files, "kube-service-account-token");
    pair(files, "kube-apiserver-proxy-client");
    files.add(new File(Paths.cert("kube-apiserver-requestheader-ca"), PRIVATE,
        new FileSource.Pki("kube-apiserver-requestheader-ca", FileSource.Part.CERTIFICATE)));
    kubeconfig(files, Components.CONTROLLER_MANAGER, "kube-controller-manager");
    kubeconfig(files, Components.SCHEDULER, "kube-scheduler");
    return files;
  }

  private static void pair(List<File> files, String name) {
    files.add(new File(Paths.cert(name), PRIVATE, new FileSource.Pki(name, FileSource.Part.CERTIFICATE)));
    files.add(new File(Paths.key(name), PRIVATE, new FileSource.Pki(name, FileSource.Part.KEY)));
  }

  /**
   * A component's kubeconfig: the local apiserver on 127.0.0.1:6443 (on nodes without one,
   * nginx-proxy listens there and forwards to every apiserver).
   */
  private static void kubeconfig(List<File> files, String component, String identity) {
    files.add(new File(Paths.kubeconfig(component), PRIVATE, KUBECONFIGS.get(identity)));
  }
}
