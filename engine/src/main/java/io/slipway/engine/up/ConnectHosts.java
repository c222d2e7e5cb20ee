package io.slipway.engine.up;

import io.slipway.engine.SlipwayException;
import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.NodeConfig;
import io.slipway.engine.host.Host;
import io.slipway.engine.host.HostAddress;
import io.slipway.engine.host.SshException;
import io.slipway.engine.host.SshHost;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Stage: an SSH connection to every node, in parallel; every unreachable node is reported, not only the first. */
final class ConnectHosts {

  private ConnectHosts() {
  }

  static Map<String, Host> run(ClusterConfig config, UpOptions options) {
    Map<String, CompletableFuture<Host>> pending = new LinkedHashMap<>();
    for (NodeConfig node : config.nodes()) {
      String key = node.sshKeyPath() != null ? node.sshKeyPath() : config.sshKeyPath();
      HostAddress address = new HostAddress(node.hostname(), node.address(), node.sshPort(), node.user(), expand(key),
          node.dockerSocket());
      pending.put(node.hostname(), CompletableFuture.supplyAsync(() ->
          SshHost.connect(address, options.knownHosts(), options.hostKeys(), options.sshTimeout())));
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

  private static Path expand(String path) {
    return Path.of(path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path);
  }
}
