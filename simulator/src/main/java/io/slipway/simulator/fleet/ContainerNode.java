package io.slipway.simulator.fleet;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerNetwork;
import io.slipway.engine.config.Role;
import io.slipway.simulator.Poll;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link FleetNode} backed by a {@link NodeContainer} on the local Docker engine. */
final class ContainerNode implements FleetNode {

  private static final Logger LOG = LoggerFactory.getLogger(ContainerNode.class);
  private static final Duration EXEC_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  /** Inner container names as Docker allows them; checked before they reach a shell. */
  private static final java.util.regex.Pattern CONTAINER_NAME = java.util.regex.Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

  private final DockerClient docker;
  private final NodeSpec spec;
  private final String containerId;
  private final String networkId;
  private final String address;
  private final SshEndpoint ssh;
  private final String hostKey;

  ContainerNode(DockerClient docker, NodeSpec spec, String containerId, String networkId, String address,
      SshEndpoint ssh, String hostKey) {
    this.docker = docker;
    this.spec = spec;
    this.containerId = containerId;
    this.networkId = networkId;
    this.address = address;
    this.ssh = ssh;
    this.hostKey = hostKey;
  }

  @Override
  public String name() {
    return spec.name();
  }

  @Override
  public Set<Role> roles() {
    return spec.roles();
  }

  @Override
  public Capacity capacity() {
    return spec.capacity();
  }

  @Override
  public String internalAddress() {
    return address;
  }

  @Override
  public SshEndpoint ssh() {
    return ssh;
  }

  @Override
  public String hostKey() {
    return hostKey;
  }

  String containerId() {
    return containerId;
  }

  @Override
  public ExecResult exec(String... command) {
    return DockerExec.run(docker, containerId, EXEC_TIMEOUT, command);
  }

  @Override
  public long killContainer(String container) {
    String pid = exec("docker", "inspect", "--format", "{{.State.Pid}}", checked(container))
        .orThrow(name(), "finding the main process of container " + container).strip();
    if (pid.equals("0")) {
      throw new FleetException("node " + name() + ": container " + container + " is not running; nothing to kill");
    }
    exec("kill", "-KILL", pid).orThrow(name(), "killing process " + pid + " of container " + container);
    LOG.info("node {}: killed container {} (pid {})", name(), container, pid);
    return Long.parseLong(pid);
  }

  @Override
  public void stopContainer(String container) {
    exec("docker", "stop", checked(container)).orThrow(name(), "stopping container " + container);
  }

  @Override
  public void startContainer(String container) {
    exec("docker", "start", checked(container)).orThrow(name(), "starting container " + container);
  }

  @Override
  public void stop() {
    docker.stopContainerCmd(containerId).withTimeout(10).exec();
  }

  @Override
  public void start() {
    docker.startContainerCmd(containerId).exec();
    awaitReady();
  }

  @Override
  public void restart() {
    docker.restartContainerCmd(containerId).withTimeout(10).exec();
    awaitReady();
  }

  @Override
  public void pause() {
    docker.pauseContainerCmd(containerId).exec();
  }

  @Override
  public void unpause() {
    docker.unpauseContainerCmd(containerId).exec();
  }

  @Override
  public void disconnect() {
    docker.disconnectFromNetworkCmd().withNetworkId(networkId).withContainerId(containerId).withForce(true).exec();
  }

  @Override
  public void reconnect() {
    docker.connectToNetworkCmd().withNetworkId(networkId).withContainerId(containerId)
        .withContainerNetwork(new ContainerNetwork().withAliases(name())
            .withIpamConfig(new ContainerNetwork.Ipam().withIpv4Address(address)))
        .exec();
  }

  @Override
  public NodeState state() {
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

  /** Waits until the node's dockerd answers and its sshd listens again (after a start or restart). */
  private void awaitReady() {
    boolean ready = Poll.until(READY_TIMEOUT, Duration.ofMillis(250), () -> {
      try {
        return state() == NodeState.RUNNING
            && exec("sh", "-c", "docker version >/dev/null 2>&1 && nc -z 127.0.0.1 22").succeeded();
      } catch (RuntimeException e) {
        return false;  // the container is still coming up; exec is refused until it runs
      }
    });
    if (!ready) {
      throw new FleetException("node " + name() + ": dockerd and sshd did not answer within "
          + READY_TIMEOUT.toSeconds() + " s of starting; see `docker logs` of container " + containerId.substring(0, 12));
    }
  }

  private static String checked(String container) {
    if (!CONTAINER_NAME.matcher(container).matches()) {
      throw new IllegalArgumentException("not a container name: " + container);
    }
    return container;
  }

  @Override
  public String toString() {
    return "node " + name() + " (" + address + ", ssh " + ssh + ")";
  }
}
