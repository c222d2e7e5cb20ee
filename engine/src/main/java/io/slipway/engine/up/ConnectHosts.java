package io.slipway.engine.up;

import io.slipway.engine.SlipwayException;
import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.NodeConfig;
import io.slipway.engine.config.KubernetesVersions;
import io.slipway.engine.host.DockerVersions;
import io.slipway.engine.host.Host;
import io.slipway.engine.host.HostAddress;
import io.slipway.engine.host.SshException;
import io.slipway.engine.host.SshHost;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Stage: an SSH connection to every node and its Docker engine, in parallel, the engine's
 * release checked against the Kubernetes version; every failing node is reported, not only the
 * first, and nothing is changed on any node unless all pass.
 */
final class ConnectHosts {

  private ConnectHosts() {
  }

  static Map<String, Host> run(ClusterConfig config, UpOptions options) {
    Map<String, CompletableFuture<Host>> pending = new LinkedHashMap<>();
    HostAddress bastion = bastion(config);
    for (NodeConfig node : config.nodes()) {
      String key = node.sshKeyPath() != null ? node.sshKeyPath() : config.sshKeyPath();
      HostAddress address = new HostAddress(node.hostname(), node.address(), node.sshPort(), node.user(), expand(key),
          node.dockerSocket());
      pending.put(node.hostname(), CompletableFuture.supplyAsync(() -> checked(
          SshHost.connect(address, bastion, options.knownHosts(), options.hostKeys(), options.sshTimeout()),
          KubernetesVersions.minor(config.kubernetesVersion()),
          options.ignoreDockerVersion() || Boolean.TRUE.equals(config.ignoreDockerVersion()))));
    }
    Map<String, Host> hosts = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    pending.forEach((name, future) -> {
      try {
        hosts.put(name, future.join());
      } catch (java.util.concurrent.CompletionException e) {
        failures.add(e.getCause() instanceof SshException ssh ? ssh.getMessage() + "\n    hint: " + ssh.hint()
            : name + ": " + e.getCause());
      }
    });
    if (!failures.isEmpty()) {
      hosts.values().forEach(Host::close);
      throw new SlipwayException(failures.size() + " of " + pending.size() + " hosts could not be reached; nothing was "
          + "changed:\n  " + String.join("\n  ", failures));
    }
    return hosts;
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
  private static HostAddress bastion(ClusterConfig config) {
    ClusterConfig.BastionHost bastion = config.bastionHost();
    if (bastion == null || bastion.address() == null || bastion.address().isBlank()) {
      return null;
    }
    String key = bastion.sshKeyPath() != null ? bastion.sshKeyPath() : config.sshKeyPath();
    int port = bastion.port() == null || bastion.port().isBlank() ? 22 : Integer.parseInt(bastion.port());
    return new HostAddress("bastion", bastion.address(), port, bastion.user() == null ? "root" : bastion.user(),
        expand(key), "/var/run/docker.sock");
  }

  private static Path expand(String path) {
    return Path.of(path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path);
  }
}
