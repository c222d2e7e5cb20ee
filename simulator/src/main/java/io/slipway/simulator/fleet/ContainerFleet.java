package io.slipway.simulator.fleet;

import com.github.dockerjava.api.DockerClient;
import io.slipway.simulator.LoopbackPorts;
import io.slipway.simulator.Progress;
import io.slipway.simulator.docker.DockerEngine;
import io.slipway.simulator.image.ImageBuilder;
import io.slipway.simulator.image.SlipwayImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * A {@link Fleet} of {@link NodeContainer}s on the local Docker engine, started with
 * Testcontainers. Start order: images (built when missing), network, registry (then the
 * component images are pushed to it), then every node in parallel. Every container and the
 * network carry {@code slipway.run=<id>}, by which {@link #close()} removes them.
 */
public final class ContainerFleet implements Fleet {

  private final DockerClient docker;
  private final String name;
  private final String runId;
  private final FleetOptions options;
  private final List<FleetNode> nodes;
  private final List<LoadBalancer> loadBalancers;
  private final Optional<String> floatingAddress;
  private final String registry;
  private final PushedImages images;
  private final Thread cleanupHook;

  private ContainerFleet(DockerClient docker, String name, String runId, FleetOptions options, List<FleetNode> nodes,
      List<LoadBalancer> loadBalancers, Optional<String> floatingAddress, String registry,
      PushedImages images, Thread cleanupHook) {
    this.docker = docker;
    this.name = name;
    this.runId = runId;
    this.options = options;
    this.nodes = List.copyOf(nodes);
    this.loadBalancers = List.copyOf(loadBalancers);
    this.floatingAddress = floatingAddress;
    this.registry = registry;
    this.images = images;
    this.cleanupHook = cleanupHook;
  }

  /**
   * Starts the fleet described by {@code spec} and returns once every node's sshd and dockerd
   * answer. On any failure everything already created is removed before the error is thrown.
   */
  public static ContainerFleet start(FleetSpec spec, FleetOptions options) {
    if (!spec.engines().isEmpty()) {
      throw new IllegalArgumentException("fleet " + spec.name() + " names engines: start it with SpreadFleet");
    }
    FleetNetwork.checkFits(spec);  // the loaders refuse these with file:line:column; specs built in code meet it here
    DockerEngine.require();
    DockerClient docker = DockerClientFactory.instance().client();
    Progress progress = Progress.synchronizedOn(options.progress());  // the pushes report from their own thread
    SecureRandom random = new SecureRandom();
    String runId = HexFormat.of().formatHex(random.generateSeed(4));
    Map<String, String> labels = new LinkedHashMap<>(Map.of(FleetLabels.RUN, runId, FleetLabels.FLEET, spec.name(),
        FleetLabels.DIRECTORY, options.directory().toAbsolutePath().toString()));
    if (options.lifetime() == Lifetime.SCOPED) {
      labels.put(FleetLabels.OWNER, FleetOwner.current().label());
    }
    if (options.lifetime() == Lifetime.DETACHED
        && !TestcontainersConfiguration.getInstance().environmentSupportsReuse()) {
      throw new FleetException("a detached fleet needs TESTCONTAINERS_REUSE_ENABLE=true in the environment "
          + "(bin/slipway sets it); without it Testcontainers removes the nodes when this process exits");
    }
    FleetReaper.reap(docker);  // fleets of killed processes, before their names are taken as in use
    if (!FleetResources.containers(docker, FleetLabels.FLEET, spec.name()).isEmpty()) {
      throw new FleetException("a fleet named " + spec.name() + " is running already; "
          + "remove it with `slipway fleet down --name " + spec.name() + "` or pick another name");
    }

    ImageBuilder builder = new ImageBuilder(docker, options.baseImage(), progress);
    Map<SlipwayImage, String> local = builder.ensureAll(EnumSet.allOf(SlipwayImage.class));

    Thread hook = new Thread(() -> FleetResources.remove(docker, FleetLabels.RUN, runId), "slipway-fleet-cleanup");
    if (options.lifetime() == Lifetime.SCOPED) {
      Runtime.getRuntime().addShutdownHook(hook);
    }
    try {
      Files.createDirectories(options.directory());
      Files.deleteIfExists(options.directory().resolve(FleetFiles.ENGINES_YML));  // a spread fleet's, gone before
      SshKeyPair userKey = SshKeyPair.generate("slipway@" + spec.name(), random);
      FleetFiles.writeKeyPair(options.directory(), userKey);

      FleetNetwork network = FleetNetwork.create(docker, "slipway-" + spec.name(), labels);
      Instant registryStart = Instant.now();
      RegistryStore store = RegistryStore.forImages(docker,
          SlipwayImage.pushedToRegistry().stream().map(local::get).toList());
      FleetRegistry fleetRegistry = FleetRegistry.start(docker, local.get(SlipwayImage.REGISTRY), store, network,
          "slipway-" + spec.name() + "-registry", with(labels, FleetLabels.KIND, "registry"), options.lifetime());
      progress.report("registry " + fleetRegistry.address() + " up in " + since(registryStart));
      // nodes need the images only once `up` pulls them: they start while the images are pushed
      CompletableFuture<PushedImages> pushing = CompletableFuture.supplyAsync(
          () -> PushedImages.push(fleetRegistry, builder, local, options.kubernetesVersions(), progress));

      Instant nodesStart = Instant.now();
      Map<String, String> hostAddresses = hostAddresses(spec, network);
      List<NodeContainer> containers = new ArrayList<>();
      Map<NodeSpec, SshKeyPair> hostKeys = new LinkedHashMap<>();
      for (int i = 0; i < spec.nodes().size(); i++) {
        NodeSpec node = spec.nodes().get(i);
        SshKeyPair hostKey = SshKeyPair.generate("root@" + node.name(), random);
        hostKeys.put(node, hostKey);
        containers.add(new NodeContainer(local.get(SlipwayImage.NODE), node.sshPort())
            .withCreateContainerCmdModifier(cmd -> cmd.withName("slipway-" + spec.name() + "-" + node.name())
                .withHostName(node.name()))
            .withLabels(with(with(labels, FleetLabels.KIND, "node"), FleetLabels.NODE, node.name()))
            .withLabel(FleetLabels.ADDRESS, network.nodeAddress(i))
            .withRoles(node.roles())
            .withCapacity(node.capacity())
            // the reference the push below returns: nodes pull pods' images from the fleet registry
            .withWorkloadImage(fleetRegistry.address() + "/" + local.get(SlipwayImage.WORKLOAD))
            .withHostKey(hostKey)
            .withAuthorizedKey(userKey.publicKeyLine())
            .withEnv("SLIPWAY_REGISTRY", fleetRegistry.address())
            .withEnv("SLIPWAY_SSH_USER", node.user())
            .onNetwork(network.name(), network.nodeAddress(i), node.name())
            .withSshHostPort(LoopbackPorts.free())
            .withLifetime(options.lifetime()));
        hostAddresses.forEach(containers.get(i)::withExtraHost);
        node.etcdDisk().ifPresent(size -> containers.get(containers.size() - 1).withEtcdDisk(size.ceilLong()));
      }
      progress.report("starting " + containers.size() + " nodes in parallel");
      try {
        Startables.deepStart(containers).join();
      } catch (CompletionException e) {
        throw FleetException.because("fleet " + spec.name() + ": a node did not start", e.getCause());
      }
      List<FleetNode> nodes = new ArrayList<>();
      for (int i = 0; i < containers.size(); i++) {
        NodeSpec node = spec.nodes().get(i);
        NodeContainer container = containers.get(i);
        nodes.add(new ContainerNode(docker, node, container.getContainerId(), network.id(), network.nodeAddress(i),
            new SshEndpoint("127.0.0.1", container.getMappedPort(node.sshPort())), hostKeys.get(node).publicKey()));
      }
      progress.report(nodes.size() + " nodes up in " + since(nodesStart));
      List<LoadBalancer> loadBalancers = startLoadBalancers(docker, spec, network, local.get(SlipwayImage.LB), labels,
          options.lifetime(), progress);
      PushedImages images = awaitPushes(pushing);
      Map<SlipwayImage, String> pushed = images.pushed();
      FleetFiles.writeKnownHosts(options.directory(), nodes);
      FleetFiles.writeClusterSkeleton(options.directory(), spec.name(), nodes, pushed.get(SlipwayImage.COMPONENTS),
          pushed.get(SlipwayImage.WORKLOAD));
      FleetFiles.forgetEarlierCluster(options.directory()).forEach(file -> options.progress().report(
          "removed " + file + ": it described a cluster on an earlier fleet's machines"));
      return new ContainerFleet(docker, spec.name(), runId, options, nodes, loadBalancers,
          spec.floatingAddress() ? Optional.of(network.floatingAddress()) : Optional.empty(), fleetRegistry.address(),
          images, options.lifetime() == Lifetime.SCOPED ? hook : null);
    } catch (IOException e) {
      removeAfterFailure(docker, runId, hook, options);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      removeAfterFailure(docker, runId, hook, options);
      throw e;
    }
  }

  private static PushedImages awaitPushes(CompletableFuture<PushedImages> pushing) {
    try {
      return pushing.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<FleetNode> nodes() {
    return nodes;
  }

  @Override
  public List<LoadBalancer> loadBalancers() {
    return loadBalancers;
  }

  @Override
  public Optional<String> floatingAddress() {
    return floatingAddress;
  }

  @Override
  public Path directory() {
    return options.directory();
  }

  @Override
  public String registry() {
    return registry;
  }

  @Override
  public String imageReference(SlipwayImage image) {
    return images.reference(image);
  }

  @Override
  public Optional<String> componentsImage(String kubernetesVersion) {
    return images.componentsImage(kubernetesVersion);
  }

  /** The id carried by every resource of this fleet as label {@code slipway.run}. */
  public String runId() {
    return runId;
  }

  /** Removes every container, volume and network of this fleet; a detached fleet is removed too. */
  @Override
  public void close() {
    FleetResources.remove(docker, FleetLabels.RUN, runId);
    if (cleanupHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(cleanupHook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down and the hook runs anyway
      }
    }
  }

  /**
   * Starts the load balancers in parallel once the nodes run, each proxying to every
   * controlplane node; with a floating address, the first bids highest for it.
   */
  private static List<LoadBalancer> startLoadBalancers(DockerClient docker, FleetSpec spec, FleetNetwork network,
      String image, Map<String, String> labels, Lifetime lifetime, Progress progress) {
    if (spec.loadBalancers().isEmpty()) {
      return List.of();
    }
    List<String> apiservers = network.controlplaneAddresses(spec);
    if (apiservers.isEmpty()) {
      throw new FleetException("fleet " + spec.name() + " has load balancers but no controlplane node to send to");
    }
    Instant start = Instant.now();
    List<LbContainer.Launch> launches = new ArrayList<>();
    List<GenericContainer<?>> containers = new ArrayList<>();
    for (int i = 0; i < spec.loadBalancers().size(); i++) {
      String lbName = spec.loadBalancers().get(i);
      LbContainer.Launch launch = new LbContainer.Launch(lbName, network.loadBalancerAddress(i), apiservers,
          spec.floatingAddress() ? network.floatingAddress() : null, 150 - 10 * i);
      launches.add(launch);
      containers.add(LbContainer.container(image, network, "slipway-" + spec.name() + "-" + lbName, launch,
          with(labels, FleetLabels.KIND, "lb"), lifetime));
    }
    try {
      Startables.deepStart(containers).join();
    } catch (CompletionException e) {
      throw FleetException.because("fleet " + spec.name() + ": a load balancer did not start", e.getCause());
    }
    List<LoadBalancer> started = new ArrayList<>();
    for (int i = 0; i < launches.size(); i++) {
      started.add(LbContainer.started(docker, containers.get(i), network, launches.get(i)));
    }
    progress.report(started.size() + " load balancers up in " + since(start)
        + (spec.floatingAddress() ? ", floating address " + network.floatingAddress() : ""));
    return started;
  }

  /** Each host name of the spec and the address it resolves to on every node ({@code /etc/hosts}). */
  static Map<String, String> hostAddresses(FleetSpec spec, FleetNetwork network) {
    Map<String, String> addresses = new LinkedHashMap<>();
    spec.hostNames().forEach((host, target) -> {
      int node = spec.nodes().stream().map(NodeSpec::name).toList().indexOf(target);
      addresses.put(host, target.equals(FleetSpec.FLOATING_ADDRESS) ? network.floatingAddress()
          : node >= 0 ? network.nodeAddress(node) : network.loadBalancerAddress(spec.loadBalancers().indexOf(target)));
    });
    return addresses;
  }

  private static void removeAfterFailure(DockerClient docker, String runId, Thread hook, FleetOptions options) {
    FleetResources.remove(docker, FleetLabels.RUN, runId);
    if (options.lifetime() == Lifetime.SCOPED) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down
      }
    }
  }

  private static Map<String, String> with(Map<String, String> labels, String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(labels);
    copy.put(key, value);
    return copy;
  }


  /** The time since {@code start}, as progress lines print it. */
  static String since(Instant start) {
    return String.format("%.1f s", Duration.between(start, Instant.now()).toMillis() / 1000.0);
  }
}
