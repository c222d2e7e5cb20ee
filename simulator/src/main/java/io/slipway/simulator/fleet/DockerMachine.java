package io.slipway.simulator.fleet;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerNetwork;
import java.time.Duration;

/**
 * The machine-level primitives of one fleet container (a node or a load balancer), acted out
 * through the Docker engine that runs it: power, freeze, network attachment, console commands.
 */
record DockerMachine(DockerClient docker, String name, String containerId, String networkId, String address) {

  private static final Duration EXEC_TIMEOUT = Duration.ofSeconds(60);

  ExecResult exec(String... command) {
    return DockerExec.run(docker, containerId, EXEC_TIMEOUT, command);
  }

  void stop() {
    docker.stopContainerCmd(containerId).withTimeout(10).exec();
  }

  void start() {
    docker.startContainerCmd(containerId).exec();
  }

  void restart() {
    docker.restartContainerCmd(containerId).withTimeout(10).exec();
  }

  void pause() {
    docker.pauseContainerCmd(containerId).exec();
  }

  void unpause() {
    docker.unpauseContainerCmd(containerId).exec();
  }

  void disconnect() {
    docker.disconnectFromNetworkCmd().withNetworkId(networkId).withContainerId(containerId).withForce(true).exec();
  }

  void reconnect() {
    docker.connectToNetworkCmd().withNetworkId(networkId).withContainerId(containerId)
        .withContainerNetwork(new ContainerNetwork().withAliases(name)
            .withIpamConfig(new ContainerNetwork.Ipam().withIpv4Address(address)))
        .exec();
  }

  NodeState state() {
    InspectContainerResponse info;
    try {
      info = docker.inspectContainerCmd(containerId).exec();
    } catch (NotFoundException e) {
      return NodeState.GONE;
    }
    if (!Boolean.TRUE.equals(info.getState().getRunning())) {
      return NodeState.STOPPED;
    }
    if (Boolean.TRUE.equals(info.getState().getPaused())) {
      return NodeState.PAUSED;
    }
    boolean attached = info.getNetworkSettings().getNetworks().values().stream()
        .anyMatch(n -> networkId.equals(n.getNetworkID()));
    return attached ? NodeState.RUNNING : NodeState.DISCONNECTED;
  }

  /**
   * The most memory the container has used since it started, from its cgroup on this Docker host
   * (v1 {@code memory.max_usage_in_bytes} or v2 {@code memory.peak}); empty where neither is readable.
   */
  java.util.OptionalLong peakMemoryBytes() {
    for (String file : java.util.List.of("/sys/fs/cgroup/memory/docker/" + containerId + "/memory.max_usage_in_bytes",
        "/sys/fs/cgroup/system.slice/docker-" + containerId + ".scope/memory.peak")) {
      try {
        return java.util.OptionalLong.of(Long.parseLong(java.nio.file.Files.readString(java.nio.file.Path.of(file)).strip()));
      } catch (java.io.IOException | NumberFormatException e) {
        // not this cgroup layout
      }
    }
    return java.util.OptionalLong.empty();
  }

  /** The last {@code lines} lines the container printed (stdout and stderr). */
  String logs(int lines) {
    StringBuilder text = new StringBuilder();
    try (var callback = docker.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withTail(lines)
        .exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
          @Override
          public void onNext(com.github.dockerjava.api.model.Frame frame) {
            synchronized (text) {
              text.append(new String(frame.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
            }
          }
        })) {
      callback.awaitCompletion(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.io.IOException e) {
      throw new FleetException("reading the logs of " + name + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (text) {
      return text.toString();
    }
  }
}
