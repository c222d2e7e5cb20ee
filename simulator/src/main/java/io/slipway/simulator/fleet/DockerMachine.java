package io.slipway.simulator.fleet;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Frame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

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
  OptionalLong peakMemoryBytes() {
    for (String file : List.of("/sys/fs/cgroup/memory/docker/" + containerId + "/memory.max_usage_in_bytes",
        "/sys/fs/cgroup/system.slice/docker-" + containerId + ".scope/memory.peak")) {
      try {
        return OptionalLong.of(Long.parseLong(Files.readString(Path.of(file)).strip()));
      } catch (IOException | NumberFormatException e) {
        // not this cgroup layout
      }
    }
    return OptionalLong.empty();
  }

  /** The last {@code lines} lines the container printed (stdout and stderr). */
  String logs(int lines) {
    return logTail(docker, containerId, lines, name);
  }

  /** The last {@code lines} lines container {@code containerId} printed (stdout and stderr). */
  static String logTail(DockerClient docker, String containerId, int lines) {
    return logTail(docker, containerId, lines, containerId);
  }

  private static String logTail(DockerClient docker, String containerId, int lines, String name) {
    StringBuilder text = new StringBuilder();
    try (var callback = docker.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withTail(lines)
        .exec(new ResultCallback.Adapter<Frame>() {
          @Override
          public void onNext(Frame frame) {
            synchronized (text) {
              text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
          }
        })) {
      callback.awaitCompletion(30, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new FleetException("reading the logs of " + name + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (text) {
      return text.toString();
    }
  }
}
