package io.slipway.engine.up;

import io.slipway.engine.host.HostKeyPolicy;
import io.slipway.engine.pki.KeyType;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How {@code up} runs: where the state file and kubeconfig go, which known_hosts verifies the
 * nodes, how many steps run at once, the key type of new certificates, and whether a Docker
 * release off the supported list is accepted.
 */
public record UpOptions(Path stateFile, Path kubeconfigFile, Path knownHosts, HostKeyPolicy hostKeys,
    int parallelism, KeyType keyType, Duration sshTimeout, boolean ignoreDockerVersion, Path agentSocket) {

  /** RKE's names beside the cluster file: {@code cluster.slipwaystate}, {@code kube_config_cluster.yml}. */
  public static UpOptions beside(Path clusterFile, Path knownHosts, HostKeyPolicy hostKeys, int parallelism) {
    return new UpOptions(stateFileBeside(clusterFile), kubeconfigBeside(clusterFile), knownHosts, hostKeys,
        parallelism, KeyType.RSA_2048, Duration.ofSeconds(30), false, agentSocketFromEnvironment());
  }

  /** The state file {@code up} keeps beside {@code clusterFile}: {@code cluster.yml} gives {@code cluster.slipwaystate}. */
  public static Path stateFileBeside(Path clusterFile) {
    String base = clusterFile.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    return clusterFile.toAbsolutePath().resolveSibling(base + ".slipwaystate");
  }

  /** The admin kubeconfig {@code up} writes beside {@code clusterFile}, as RKE names it: {@code kube_config_cluster.yml}. */
  public static Path kubeconfigBeside(Path clusterFile) {
    return clusterFile.toAbsolutePath().resolveSibling("kube_config_" + clusterFile.getFileName());
  }

  /** {@code $SSH_AUTH_SOCK}, where {@code ssh_agent_auth} finds the agent; null when unset. */
  private static Path agentSocketFromEnvironment() {
    String socket = System.getenv("SSH_AUTH_SOCK");
    return socket == null || socket.isBlank() ? null : Path.of(socket);
  }

  /** The key type of certificates issued from now on (kept ones keep theirs). */
  public UpOptions withKeyType(KeyType type) {
    return new UpOptions(stateFile, kubeconfigFile, knownHosts, hostKeys, parallelism, type, sshTimeout,
        ignoreDockerVersion, agentSocket);
  }

  /** The SSH agent to use when cluster.yml sets {@code ssh_agent_auth}. */
  public UpOptions withAgentSocket(Path socket) {
    return new UpOptions(stateFile, kubeconfigFile, knownHosts, hostKeys, parallelism, keyType, sshTimeout,
        ignoreDockerVersion, socket);
  }

  /** Accept hosts whose Docker release is not on the supported list (as {@code --ignore-docker-version}). */
  public UpOptions ignoringDockerVersion(boolean ignore) {
    return new UpOptions(stateFile, kubeconfigFile, knownHosts, hostKeys, parallelism, keyType, sshTimeout, ignore,
        agentSocket);
  }
}
