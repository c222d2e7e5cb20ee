package io.slipway.simulator.fleet;

import static com.github.dockerjava.api.model.Capability.NET_ADMIN;
import static com.github.dockerjava.api.model.Capability.NET_BROADCAST;
import static com.github.dockerjava.api.model.Capability.NET_RAW;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import io.slipway.engine.Poll;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/** A {@link LoadBalancer} in a container of the lb image on the fleet network. */
final class LbContainer extends MachineContainer implements LoadBalancer {

  static final int PORT = FleetNode.APISERVER_PORT;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  /** The kernel's /proc/net/tcp line of a socket listening on 6443 (hex 192B) at any address. */
  private static final String LISTENING_6443 = ":192B 00000000:0000 0A";

  private final String floatingAddress;
  /** Where this machine reaches nginx's 6443; null: at the LB's own address, which this machine routes to. */
  private final InetSocketAddress published;

  private LbContainer(DockerMachine machine, String floatingAddress, InetSocketAddress published) {
    super(machine);
    this.floatingAddress = floatingAddress;
    this.published = published;
  }

  /** What to start: the LB's name and address, the apiservers behind it, and its VRRP bid if any. */
  record Launch(String name, String address, List<String> apiservers, String floatingAddress, int priority) {
  }

  /** Creates the container; {@link #awaitListening()} after {@code Startables} started it. */
  static GenericContainer<?> container(String image, FleetNetwork network, String containerName, Launch launch,
      Map<String, String> labels, Lifetime lifetime) {
    GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
        .withImagePullPolicy(name -> false)
        .withLabels(labels)
        .withLabel(FleetLabels.NODE, launch.name())
        .withLabel(FleetLabels.ADDRESS, launch.address())
        .withEnv("SLIPWAY_APISERVERS", String.join(" ", launch.apiservers()))
        .withReuse(lifetime == Lifetime.DETACHED)
        .withCreateContainerCmdModifier(cmd -> {
          cmd.withName(containerName).withHostName(launch.name()).withIpv4Address(launch.address())
              .withAliases(launch.name());
          cmd.getHostConfig().withNetworkMode(network.name()).withCapAdd(NET_ADMIN, NET_BROADCAST, NET_RAW);
        })
        .waitingFor(Wait.forLogMessage(".*slipway-lb: ready.*\\n", 1).withStartupTimeout(READY_TIMEOUT));
    if (launch.floatingAddress() != null) {
      container.withEnv("SLIPWAY_VIP", launch.floatingAddress() + "/24")
          .withEnv("SLIPWAY_VRRP_PRIORITY", Integer.toString(launch.priority()));
    }
    return container;
  }

  static LbContainer started(DockerClient docker, GenericContainer<?> container, FleetNetwork network,
      Launch launch) {
    LbContainer lb = new LbContainer(new DockerMachine(docker, launch.name(), container.getContainerId(),
        network.id(), launch.address()), launch.floatingAddress(), null);
    lb.awaitListening();
    return lb;
  }

  /**
   * Starts the LB on the engine {@code docker} talks to (a fleet spread over several), without a
   * floating address, its 6443 published at {@code published} (an address of that engine's), and
   * waits until nginx listens.
   */
  static LbContainer startOn(DockerClient docker, String image, FleetNetwork network, String containerName,
      Launch launch, Map<String, String> labels, InetSocketAddress published) {
    if (launch.floatingAddress() != null) {
      throw new IllegalArgumentException("a floating address cannot move between engines");
    }
    Map<String, String> lbLabels = new LinkedHashMap<>(labels);
    lbLabels.put(FleetLabels.NODE, launch.name());
    lbLabels.put(FleetLabels.ADDRESS, launch.address());
    String id = docker.createContainerCmd(image)
        .withName(containerName)
        .withHostName(launch.name())
        .withLabels(lbLabels)
        .withEnv("SLIPWAY_APISERVERS=" + String.join(" ", launch.apiservers()))
        .withExposedPorts(ExposedPort.tcp(PORT))
        .withIpv4Address(launch.address())
        .withAliases(launch.name())
        .withHostConfig(HostConfig.newHostConfig().withNetworkMode(network.name()).withCapAdd(NET_ADMIN, NET_BROADCAST,
            NET_RAW).withPortBindings(new PortBinding(Ports.Binding.bindIpAndPort(published.getHostString(),
            published.getPort()), ExposedPort.tcp(PORT))))
        .exec().getId();
    docker.startContainerCmd(id).exec();
    LbContainer lb = new LbContainer(new DockerMachine(docker, launch.name(), id, network.id(), launch.address()), null,
        published);
    lb.awaitListening();
    return lb;
  }

  @Override
  public InetSocketAddress reach() {
    return published != null ? published : LoadBalancer.super.reach();
  }

  @Override
  public String address() {
    return machine.address();
  }

  @Override
  public boolean holdsFloatingAddress() {
    if (floatingAddress == null || state() != NodeState.RUNNING) {
      return false;
    }
    ExecResult addresses = exec("ip", "-o", "-4", "addr", "show", "dev", "eth0");
    return addresses.succeeded() && addresses.stdout().contains(" " + floatingAddress + "/");
  }

  @Override
  public String logs(int lines) {
    return machine.logs(lines);
  }

  @Override
  public void start() {
    machine.start();
    awaitListening();
  }

  /**
   * Waits until nginx accepts connections on the LB's fleet address, reached directly from the
   * Docker host; or, where this machine reaches the LB only through its engine's published port
   * (which Docker's proxy accepts before nginx listens), until the LB's kernel lists a listener.
   */
  private void awaitListening() {
    BooleanSupplier listening = published == null ? () -> accepts(address())
        : () -> exec("grep", "-q", LISTENING_6443, "/proc/net/tcp").succeeded();
    if (!Poll.until(READY_TIMEOUT, Duration.ofMillis(100), listening)) {
      throw new FleetException("load balancer " + name() + ": nginx did not listen on " + address() + ":" + PORT
          + " within " + READY_TIMEOUT.toSeconds() + " s; see `docker logs " + machine.containerId().substring(0, 12) + "`");
    }
  }

  static boolean accepts(String host) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, PORT), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "load balancer " + name() + " (" + address() + ")";
  }
}
