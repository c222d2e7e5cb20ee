package io.slipway.simulator.fleet;

import static com.github.dockerjava.api.model.Capability.NET_ADMIN;
import static com.github.dockerjava.api.model.Capability.NET_BROADCAST;
import static com.github.dockerjava.api.model.Capability.NET_RAW;

import com.github.dockerjava.api.DockerClient;
import io.slipway.engine.Poll;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/** A {@link LoadBalancer} in a container of the lb image on the fleet network. */
final class LbContainer extends MachineContainer implements LoadBalancer {

  static final int PORT = 6443;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final String floatingAddress;

  private LbContainer(DockerMachine machine, String floatingAddress) {
    super(machine);
    this.floatingAddress = floatingAddress;
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
        network.id(), launch.address()), launch.floatingAddress());
    lb.awaitListening();
    return lb;
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

  /** Waits until nginx accepts connections on the LB's fleet address (reached directly from the Docker host). */
  private void awaitListening() {
    if (!Poll.until(READY_TIMEOUT, Duration.ofMillis(100), () -> accepts(address()))) {
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
