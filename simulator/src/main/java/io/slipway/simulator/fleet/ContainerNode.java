package io.slipway.simulator.fleet;

import com.github.dockerjava.api.DockerClient;
import io.slipway.engine.Poll;
import io.slipway.engine.config.Role;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link FleetNode} backed by a {@link NodeContainer} on the local Docker engine. */
final class ContainerNode extends MachineContainer implements FleetNode {

  private static final Logger LOG = LoggerFactory.getLogger(ContainerNode.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  /** Inner container names as Docker allows them; checked before they reach a shell. */
  private static final Pattern CONTAINER_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

  private final NodeSpec spec;
  private final SshEndpoint ssh;
  private final String hostKey;
  /** Node port to the port of {@code ssh.host()} it is published on; empty where this machine routes to the node. */
  private final Map<Integer, Integer> published;

  /** A node on the local engine, whose network this machine routes to. */
  ContainerNode(DockerClient docker, NodeSpec spec, String containerId, String networkId, String address,
      SshEndpoint ssh, String hostKey) {
    this(docker, spec, containerId, networkId, address, ssh, hostKey, Map.of());
  }

  /**
   * A node this machine reaches only at the ports it publishes on its engine's address
   * ({@code ssh.host()}): {@code published} maps each node port to its engine port.
   */
  ContainerNode(DockerClient docker, NodeSpec spec, String containerId, String networkId, String address,
      SshEndpoint ssh, String hostKey, Map<Integer, Integer> published) {
    super(new DockerMachine(docker, spec.name(), containerId, networkId, address));
    this.spec = spec;
    this.ssh = ssh;
    this.hostKey = hostKey;
    this.published = Map.copyOf(published);
  }

  @Override
  public SshEndpoint clusterEndpoint() {
    return published.isEmpty() ? FleetNode.super.clusterEndpoint() : ssh;
  }

  @Override
  public InetSocketAddress reach(int port) {
    if (published.isEmpty()) {
      return FleetNode.super.reach(port);
    }
    Integer enginePort = published.get(port);
    if (enginePort == null) {
      throw new FleetException("node " + name() + ": port " + port + " is not published on its engine "
          + ssh.host() + " (published: " + published.keySet() + ")");
    }
    return InetSocketAddress.createUnresolved(ssh.host(), enginePort);
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
  public int sshPort() {
    return spec.sshPort();
  }

  @Override
  public String user() {
    return spec.user();
  }

  @Override
  public String internalAddress() {
    return machine.address();
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
    return machine.containerId();
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
  public void misprepare(Misprepare how) {
    exec("sh", "-c", how.apply()).orThrow(name(), "leaving the node with " + how.describe());
    LOG.info("node {}: mis-prepared: {}", name(), how.describe());
  }

  @Override
  public void prepare(Misprepare how) {
    exec("sh", "-c", how.undo()).orThrow(name(), "undoing " + how.describe());
  }

  @Override
  public void start() {
    machine.start();
    awaitReady();
  }

  @Override
  public void restart() {
    machine.restart();
    awaitReady();
  }

  @Override
  public OptionalLong peakMemoryBytes() {
    return machine.peakMemoryBytes();
  }

  /** Waits until the node's dockerd answers and its sshd listens again (after a start or restart). */
  private void awaitReady() {
    boolean ready = Poll.until(READY_TIMEOUT, Duration.ofMillis(250), () -> {
      try {
        return state() == NodeState.RUNNING
            && exec("sh", "-c", "docker version >/dev/null 2>&1 && nc -z 127.0.0.1 " + spec.sshPort()).succeeded();
      } catch (RuntimeException e) {
        return false;  // the container is still coming up; exec is refused until it runs
      }
    });
    if (!ready) {
      throw new FleetException("node " + name() + ": dockerd and sshd did not answer within "
          + READY_TIMEOUT.toSeconds() + " s of starting; see `docker logs` of container " + machine.containerId().substring(0, 12));
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
    return "node " + name() + " (" + machine.address() + ", ssh " + ssh + ")";
  }
}
