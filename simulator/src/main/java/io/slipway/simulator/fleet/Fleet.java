package io.slipway.simulator.fleet;

import io.slipway.simulator.image.SlipwayImage;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A running fleet of fake nodes. Closing a scoped fleet removes every container, network and
 * volume it made; a detached fleet outlives its JVM until {@code slipway fleet down}.
 */
public interface Fleet extends AutoCloseable {

  /**
   * Starts the fleet {@code spec}: on the local Docker engine, or spread over the engines it
   * names ({@link SpreadFleet}).
   */
  static Fleet start(FleetSpec spec, FleetOptions options) {
    return spec.engines().isEmpty() ? ContainerFleet.start(spec, options) : SpreadFleet.start(spec, options);
  }

  String name();

  List<FleetNode> nodes();

  /** The node called {@code name}; throws {@link FleetException} naming the known nodes if none is. */
  default FleetNode node(String nodeName) {
    return nodes().stream().filter(n -> n.name().equals(nodeName)).findFirst()
        .orElseThrow(() -> new FleetException("fleet " + name() + " has no node " + nodeName + "; it has "
            + nodes().stream().map(FleetNode::name).collect(Collectors.joining(", "))));
  }

  /** Which engine each node and load balancer runs on, by name; empty for a fleet on the local engine alone. */
  default Map<String, String> placement() {
    return Map.of();
  }

  /** The load-balancer nodes, in the order of the fleet file. */
  List<LoadBalancer> loadBalancers();

  /** The load balancer called {@code name}. */
  default LoadBalancer loadBalancer(String name) {
    return loadBalancers().stream().filter(lb -> lb.name().equals(name)).findFirst()
        .orElseThrow(() -> new FleetException("fleet " + name() + " has no load balancer " + name));
  }

  /** The address keepalived moves between the load balancers, when the fleet has one. */
  Optional<String> floatingAddress();

  /**
   * Where clients reach the apiservers through the load balancers: the floating address, else
   * the first load balancer's address.
   */
  default Optional<String> apiEndpoint() {
    return floatingAddress().or(() -> loadBalancers().stream().findFirst().map(LoadBalancer::address));
  }

  /**
   * Where this machine reaches the apiservers through the load balancers: the floating address's
   * 6443, else the first load balancer's ({@link LoadBalancer#reach}); empty without load balancers.
   */
  default Optional<InetSocketAddress> apiReach() {
    return floatingAddress().map(address -> InetSocketAddress.createUnresolved(address, FleetNode.APISERVER_PORT))
        .or(() -> loadBalancers().stream().findFirst().map(LoadBalancer::reach));
  }

  /** The folder holding the fleet's SSH key, known_hosts and cluster.yml skeleton. */
  Path directory();

  /** The private key (0600) that logs in as root on every node. */
  default Path privateKey() {
    return directory().resolve(FleetFiles.PRIVATE_KEY);
  }

  /** A known_hosts file with every node's host key, by published endpoint and internal address. */
  default Path knownHosts() {
    return directory().resolve(FleetFiles.KNOWN_HOSTS);
  }

  /** The cluster.yml skeleton written for this fleet. */
  default Path clusterYml() {
    return directory().resolve(FleetFiles.CLUSTER_YML);
  }

  /** The registry as nodes reach it, {@code host:port} on the fleet network. */
  String registry();

  /** The reference a node pulls {@code image} by, e.g. {@code 10.210.3.2:5000/slipway/components:ab12…}. */
  String imageReference(SlipwayImage image);

  /**
   * The components image as Kubernetes {@code kubernetesVersion} (its stand-ins report that
   * version), when the fleet was started to serve it ({@link FleetOptions#kubernetesVersions}).
   */
  default Optional<String> componentsImage(String kubernetesVersion) {
    return Optional.empty();
  }

  @Override
  void close();
}
