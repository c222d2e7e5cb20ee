package io.slipway.engine.up;

import io.slipway.engine.SlipwayException;
import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.Defaults;
import io.slipway.engine.config.KubernetesVersions;
import io.slipway.engine.config.NodeConfig;
import io.slipway.engine.host.DockerVersions;
import io.slipway.engine.host.Host;
import io.slipway.engine.host.HostAddress;
import io.slipway.engine.host.RootThroughDocker;
import io.slipway.engine.host.SshException;
import io.slipway.engine.host.SshHost;
import io.slipway.engine.host.SshKey;
import io.slipway.engine.state.ClusterState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Stage: an SSH connection to every node and its Docker engine, in parallel, the engine's
 * release checked against the Kubernetes version; every failing node is reported, not only the
 * first, and nothing is changed on any node unless all pass.
 */
final class ConnectHosts {

  private ConnectHosts() {
  }

  /** The connections: every node of cluster.yml, and the removed nodes that could still be reached. */
  record Connected(Map<String, Host> hosts, List<String> unreachableRemoved) implements AutoCloseable {
    @Override
    public void close() {
      hosts.values().forEach(Host::close);
    }
  }

  /**
   * Connects to every node of {@code config} (all must answer) and, best effort, to the nodes
   * {@code state} has that {@code config} no longer lists, so their containers can be removed; a
   * removed node that cannot be reached is reported, not fatal.
   */
  static Connected run(ClusterConfig config, ClusterState state, UpOptions options) {
    HostAddress bastion = bastion(config, options);
    Path agent = Boolean.TRUE.equals(config.sshAgentAuth()) ? agentSocket(options, "ssh_agent_auth") : null;
    int minor = KubernetesVersions.minor(config.kubernetesVersion());
    boolean ignoreDocker = options.ignoreDockerVersion() || Boolean.TRUE.equals(config.ignoreDockerVersion());
    // connections open at most --parallelism at a time, on threads of this run (not the common pool)
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(options.parallelism(),
        config.nodes().size() + state.nodes().size())));
    try {
      return connectAll(config, state, options, pool, bastion, agent, minor, ignoreDocker);
    } finally {
      pool.shutdown();
    }
  }

  private static Connected connectAll(ClusterConfig config, ClusterState state, UpOptions options, ExecutorService pool,
      HostAddress bastion, Path agent, int minor, boolean ignoreDocker) {
    Map<String, CompletableFuture<Host>> pending = new LinkedHashMap<>();
    for (int i = 0; i < config.nodes().size(); i++) {
      NodeConfig node = config.nodes().get(i);
      pending.put(node.hostname(), connect(new HostAddress(node.hostname(), node.address(), node.sshPort(), node.user(),
          key(node.sshKey(), node.sshKeyPath(), node.sshCert(), node.sshCertPath(), config, "nodes[" + i + "]"),
          node.dockerSocket(), agent), bastion,
          options, minor, ignoreDocker, config.systemImage("alpine"), pool));
    }
    Map<String, CompletableFuture<Host>> removed = new LinkedHashMap<>();
    for (ClusterState.NodeRecord node : state.nodes()) {
      if (!pending.containsKey(node.hostname())) {
        ClusterState.Ssh ssh = node.ssh() != null ? node.ssh()
            : new ClusterState.Ssh(Defaults.SSH_PORT, config.nodes().get(0).user(), null, Defaults.DOCKER_SOCKET);
        removed.put(node.hostname(), connect(new HostAddress(node.hostname(), node.address(), ssh.port(), ssh.user(),
            key(null, ssh.keyPath(), null, null, config, null), ssh.dockerSocket(), agent), bastion, options,
            minor, true, config.systemImage("alpine"), pool));
      }
    }
    Map<String, Host> hosts = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    pending.forEach((name, future) -> join(name, future, hosts, failures));
    List<String> unreachable = new ArrayList<>();
    removed.forEach((name, future) -> join(name, future, hosts, unreachable));
    if (!failures.isEmpty()) {
      hosts.values().forEach(Host::close);
      throw new SlipwayException(failures.size() + " of " + pending.size() + " hosts could not be reached; nothing was "
          + "changed:\n  " + String.join("\n  ", failures));
    }
    return new Connected(hosts, removed.keySet().stream().filter(name -> !hosts.containsKey(name)).toList());
  }

  private static CompletableFuture<Host> connect(HostAddress address, HostAddress bastion, UpOptions options,
      int kubernetesMinor, boolean ignoreDockerVersion, String rootImage, ExecutorService pool) {
    // a user other than root works on the host's files through a container, as RKE does
    return CompletableFuture.supplyAsync(() -> RootThroughDocker.of(checked(SshHost.connect(address, bastion,
        options.knownHosts(), options.hostKeys(), options.sshTimeout()), kubernetesMinor, ignoreDockerVersion),
        rootImage), pool);
  }

  private static void join(String name, CompletableFuture<Host> future, Map<String, Host> hosts, List<String> failures) {
    try {
      hosts.put(name, future.join());
    } catch (CompletionException e) {
      failures.add(e.getCause() instanceof SshException ssh ? ssh.getMessage() + "\n    hint: " + ssh.hint()
          : name + ": " + e.getCause());
    }
  }

  /** The host, once its Docker engine answered with a supported release (or the check is waived). */
  static Host checked(Host host, int kubernetesMinor, boolean ignoreDockerVersion) {
    try {
      String version = host.docker().versionCmd().exec().getVersion();
      Optional<String> unsupported = DockerVersions.check(version, kubernetesMinor);
      if (unsupported.isPresent() && !ignoreDockerVersion) {
        throw new SshException(host.address(), SshException.Kind.DOCKER_VERSION, unsupported.get(), null);
      }
      return host;
    } catch (RuntimeException e) {
      host.close();
      throw e;
    }
  }

  /** The {@code bastion_host} every node is reached through, or null; its key defaults to the cluster's. */
  private static HostAddress bastion(ClusterConfig config, UpOptions options) {
    ClusterConfig.BastionHost bastion = config.bastionHost();
    if (bastion == null || bastion.address() == null || bastion.address().isBlank()) {
      return null;
    }
    int port = bastion.port() == null || bastion.port().isBlank() ? Defaults.SSH_PORT
        : Integer.parseInt(bastion.port());
    return new HostAddress("bastion", bastion.address(), port, bastion.user() == null ? Defaults.BASTION_USER : bastion.user(),
        key(bastion.sshKey(), bastion.sshKeyPath(), bastion.sshCert(), bastion.sshCertPath(), config, "bastion_host"),
        Defaults.DOCKER_SOCKET, Boolean.TRUE.equals(bastion.sshAgentAuth())
        ? agentSocket(options, "bastion_host.ssh_agent_auth") : null);
  }

  private static Path agentSocket(UpOptions options, String key) {
    if (options.agentSocket() == null) {
      throw new SlipwayException(key + " is true but SSH_AUTH_SOCK is not set: start an SSH agent (eval "
          + "\"$(ssh-agent)\"; ssh-add KEY) or name the key in ssh_key_path; nothing was changed");
    }
    return options.agentSocket();
  }

  /**
   * A node's (or the bastion's) key, as RKE picks it: its inline ssh_key, else its ssh_key_path,
   * else the cluster's ssh_key_path; with the certificate its inline ssh_cert, else its
   * ssh_cert_path, else the cluster's ssh_cert_path names, if any. {@code where} is the section
   * that holds them, for messages.
   */
  static SshKey key(String inline, String path, String certInline, String certPath, ClusterConfig config,
      String where) {
    SshKey key = present(inline) ? new SshKey.Inline(inline, where + ".ssh_key")
        : new SshKey.File(expand(present(path) ? path : config.sshKeyPath()));
    if (present(certInline)) {
      return key.certifiedBy(SshKey.Certificate.inline(certInline, where + ".ssh_cert"));
    }
    String certFile = present(certPath) ? certPath : config.sshCertPath();
    return present(certFile) ? key.certifiedBy(SshKey.Certificate.file(expand(certFile))) : key;
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  private static Path expand(String path) {
    return Path.of(path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path);
  }
}
