package io.slipway.simulator.fleet;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import io.slipway.engine.Poll;
import io.slipway.engine.config.Role;
import io.slipway.simulator.Progress;
import io.slipway.simulator.docker.DockerEngine;
import io.slipway.simulator.image.ImageBuilder;
import io.slipway.simulator.image.SlipwayImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.testcontainers.DockerClientFactory;

/**
 * A {@link Fleet} spread over several Docker engines joined in a swarm: the nodes on an
 * attachable overlay network (so they reach each other by address and name across engines),
 * placed by {@link Placement}, each publishing on its engine's address its sshd (how this machine
 * and the cluster.yml reach it), its apiserver and its etcd (how probes reach them), and the first
 * controlplane node of each engine its apiserver on the engine's 6443 too (where a kubeconfig
 * naming that node's address reaches it). Load balancers run on the engines that run an
 * apiserver, in turn, each publishing its 6443 on its engine's address; none holds a floating
 * address (the overlay carries no VRRP). Images are built on the local engine and copied to
 * every engine; the registry runs on the first engine, pushed to through a loopback relay.
 * Every container and the network carry {@code slipway.run=<id>}, by which {@link #close()}
 * removes them from every engine.
 */
public final class SpreadFleet implements Fleet {

  /** The first port of an engine's address that node sshds are published on (one per node). */
  static final int FIRST_SSH_PORT = 32200;
  /** Where node i's apiserver and etcd are published: its engine's FIRST_API_PORT + i and FIRST_ETCD_PORT + i. */
  static final int FIRST_API_PORT = 31600;
  static final int FIRST_ETCD_PORT = 31900;
  /** Where load balancer j's 6443 is published on its engine: {@code FIRST_LB_PORT + j}. */
  static final int FIRST_LB_PORT = 31500;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  private static final String READY_LINE = "slipway-node: ready";

  private final String name;
  private final String runId;
  private final FleetOptions options;
  private final List<Engine> engines;
  private final List<FleetNode> nodes;
  private final List<LoadBalancer> loadBalancers;
  private final Map<String, String> placement;
  private final FleetRegistry registry;
  private final PushedImages images;
  private final Thread cleanupHook;

  private SpreadFleet(String name, String runId, FleetOptions options, List<Engine> engines, List<FleetNode> nodes,
      List<LoadBalancer> loadBalancers, Map<String, String> placement, FleetRegistry registry, PushedImages pushed,
      Thread cleanupHook) {
    this.name = name;
    this.runId = runId;
    this.options = options;
    this.engines = List.copyOf(engines);
    this.nodes = List.copyOf(nodes);
    this.loadBalancers = List.copyOf(loadBalancers);
    this.placement = Map.copyOf(placement);
    this.registry = registry;
    this.images = pushed;
    this.cleanupHook = cleanupHook;
  }

  /**
   * Starts the fleet {@code spec} over its engines and returns once every node's sshd and dockerd
   * answer. On any failure everything already created is removed from every engine first.
   */
  public static SpreadFleet start(FleetSpec spec, FleetOptions options) {
    if (spec.engines().isEmpty()) {
      throw new IllegalArgumentException("fleet " + spec.name() + " names no engines: start it with ContainerFleet");
    }
    FleetNetwork.checkFits(spec);
    DockerEngine.require();
    Progress progress = Progress.synchronizedOn(options.progress());
    List<Engine> engines = new ArrayList<>();
    for (int i = 0; i < spec.engines().size(); i++) {
      engines.add(Engine.connect("engine-" + (i + 1), spec.engines().get(i)));
    }
    SecureRandom random = new SecureRandom();
    String runId = HexFormat.of().formatHex(random.generateSeed(4));
    Map<String, String> labels = new LinkedHashMap<>(Map.of(FleetLabels.RUN, runId, FleetLabels.FLEET, spec.name(),
        FleetLabels.DIRECTORY, options.directory().toAbsolutePath().toString()));
    boolean scoped = options.lifetime() == Lifetime.SCOPED;
    if (scoped) {
      labels.put(FleetLabels.OWNER, FleetOwner.current().label());
    }
    Thread hook = new Thread(() -> remove(engines, runId), "slipway-fleet-cleanup");
    if (scoped) {
      Runtime.getRuntime().addShutdownHook(hook);
    }
    TcpRelay relay = null;
    try {
      // fleets of killed processes of this machine first, last engine first: an overlay goes once nothing uses it
      for (int i = engines.size() - 1; i >= 0; i--) {
        FleetReaper.reap(engines.get(i).docker());
      }
      for (Engine engine : engines) {
        if (!FleetResources.containers(engine.docker(), FleetLabels.FLEET, spec.name()).isEmpty()) {
          throw new FleetException("a fleet named " + spec.name() + " is running on " + engine.name() + " already");
        }
      }
      DockerClient local = DockerClientFactory.instance().client();
      ImageBuilder builder = new ImageBuilder(local, options.baseImage(), progress);
      Map<SlipwayImage, String> built = builder.ensureAll(EnumSet.allOf(SlipwayImage.class));
      List<Integer> placed = Placement.of(spec.nodes(), spec.engines().stream().map(EngineSpec::weight).toList());
      List<Integer> lbPlaced = loadBalancerPlacement(spec, placed);
      Instant copyStart = Instant.now();
      List<CompletableFuture<Void>> copies = new ArrayList<>();
      for (int e = 0; e < engines.size(); e++) {
        Engine engine = engines.get(e);
        boolean registry = e == 0;
        boolean lb = lbPlaced.contains(e);
        copies.add(CompletableFuture.runAsync(() -> {
          engine.receive(local, built.get(SlipwayImage.NODE), progress);
          if (registry) {
            engine.receive(local, built.get(SlipwayImage.REGISTRY), progress);
          }
          if (lb) {
            engine.receive(local, built.get(SlipwayImage.LB), progress);
          }
        }));
      }
      join(copies, "copying images to the engines");
      progress.report("images on " + engines.size() + " engines in " + ContainerFleet.since(copyStart));

      Engine.joinSwarm(engines, progress);
      FleetNetwork network = FleetNetwork.create(engines.get(0).docker(), "slipway-" + spec.name(), labels, true);
      progress.report("overlay network " + network.name() + " (" + network.prefix() + ".0/24) across "
          + engines.stream().map(Engine::name).collect(Collectors.joining(", ")));

      Engine first = engines.get(0);
      String registryId = startRegistry(first, built.get(SlipwayImage.REGISTRY), network, spec.name(), labels);
      int registryPort = publishedPort(first.docker(), registryId, FleetRegistry.PORT);
      relay = TcpRelay.to(first.host(), registryPort);
      awaitRegistry(relay.port());
      // the relay serves the pushes at start only: the registry itself stays with the fleet
      FleetRegistry fleetRegistry = FleetRegistry.at(local, relay.port(), network.registryAddress() + ":"
          + FleetRegistry.PORT, () -> { });
      CompletableFuture<PushedImages> pushing = CompletableFuture.supplyAsync(
          () -> PushedImages.push(fleetRegistry, builder, built, options.kubernetesVersions(), progress));

      Files.createDirectories(options.directory());
      SshKeyPair userKey = SshKeyPair.generate("slipway@" + spec.name(), random);
      FleetFiles.writeKeyPair(options.directory(), userKey);
      Map<String, String> hostAddresses = ContainerFleet.hostAddresses(spec, network);
      Instant nodesStart = Instant.now();
      List<CompletableFuture<FleetNode>> starting = new ArrayList<>();
      Map<String, String> placement = new LinkedHashMap<>();
      Set<Engine> publishingApi = new HashSet<>();
      for (int i = 0; i < spec.nodes().size(); i++) {
        NodeSpec node = spec.nodes().get(i);
        Engine engine = engines.get(placed.get(i));
        placement.put(node.name(), engine.name());
        // the first controlplane node on each engine answers on the engine's 6443: a kubeconfig
        // naming that node's address (the engine's) reaches its apiserver
        boolean api = node.roles().contains(Role.CONTROLPLANE) && publishingApi.add(engine);
        NodeLaunch launch = new NodeLaunch(node, network.nodeAddress(i), published(node, i), api,
            SshKeyPair.generate("root@" + node.name(), random), userKey.publicKeyLine(), fleetRegistry.address(),
            fleetRegistry.address() + "/" + built.get(SlipwayImage.WORKLOAD));
        starting.add(CompletableFuture.supplyAsync(() -> startNode(engine, built.get(SlipwayImage.NODE), network,
            spec.name(), labels, hostAddresses, launch)));
      }
      progress.report("starting " + spec.nodes().size() + " nodes: " + placement.entrySet().stream()
          .map(e -> e.getKey() + " on " + e.getValue()).collect(Collectors.joining(", ")));
      List<FleetNode> nodes = new ArrayList<>();
      for (CompletableFuture<FleetNode> node : starting) {
        nodes.add(joinOne(node, "fleet " + spec.name() + ": a node did not start"));
      }
      progress.report(nodes.size() + " nodes up in " + ContainerFleet.since(nodesStart));
      List<LoadBalancer> loadBalancers = startLoadBalancers(spec, engines, lbPlaced, built.get(SlipwayImage.LB),
          network, labels, placement, progress);
      PushedImages pushed = joinOne(pushing, "pushing images to the fleet registry");
      relay.close();
      FleetFiles.writeEngines(options.directory(), spec.name(), spec.engines());
      FleetFiles.writeKnownHosts(options.directory(), nodes);
      FleetFiles.writeClusterSkeleton(options.directory(), spec.name(), nodes,
          pushed.pushed().get(SlipwayImage.COMPONENTS), pushed.pushed().get(SlipwayImage.WORKLOAD));
      FleetFiles.forgetEarlierCluster(options.directory()).forEach(file -> progress.report(
          "removed " + file + ": it described a cluster on an earlier fleet's machines"));
      return new SpreadFleet(spec.name(), runId, options, engines, nodes, loadBalancers, placement, fleetRegistry,
          pushed,
          scoped ? hook : null);
    } catch (IOException e) {
      removeAfterFailure(engines, runId, hook, relay);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      removeAfterFailure(engines, runId, hook, relay);
      throw e;
    }
  }

  /** What one node is started with. */
  private record NodeLaunch(NodeSpec spec, String address, Map<Integer, Integer> published, boolean publishesApi,
      SshKeyPair hostKey, String authorizedKey, String registry, String workloadImage) {
  }

  /** The node ports the {@code index}-th node publishes on its engine, to the engine port of each. */
  private static Map<Integer, Integer> published(NodeSpec node, int index) {
    Map<Integer, Integer> ports = new LinkedHashMap<>();
    ports.put(node.sshPort(), FIRST_SSH_PORT + index);
    if (node.roles().contains(Role.CONTROLPLANE)) {
      ports.put(FleetNode.APISERVER_PORT, FIRST_API_PORT + index);
    }
    if (node.roles().contains(Role.ETCD)) {
      ports.put(FleetNode.ETCD_CLIENT_PORT, FIRST_ETCD_PORT + index);
    }
    return ports;
  }

  private static FleetNode startNode(Engine engine, String image, FleetNetwork network, String fleetName,
      Map<String, String> labels, Map<String, String> hostAddresses, NodeLaunch launch) {
    NodeSpec node = launch.spec();
    DockerClient docker = engine.docker();
    Map<String, String> nodeLabels = new LinkedHashMap<>(labels);
    nodeLabels.put(FleetLabels.KIND, "node");
    nodeLabels.put(FleetLabels.NODE, node.name());
    nodeLabels.put(FleetLabels.ADDRESS, launch.address());
    nodeLabels.put(FleetLabels.ROLES, node.roles().stream().sorted().map(r -> r.yamlName())
        .collect(Collectors.joining(",")));
    HostConfig host = NodeContainer.withMachinePrivileges(HostConfig.newHostConfig())
        .withNetworkMode(network.name())
        .withPortBindings(ports(engine, launch))
        .withExtraHosts(hostAddresses.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
            .toArray(String[]::new));
    node.etcdDisk().ifPresent(size -> host.withTmpFs(Map.of("/var/lib/etcd", "rw,size=" + size.ceilLong()
        + ",mode=0700")));
    CreateContainerCmd create = docker.createContainerCmd(image)
        .withName("slipway-" + fleetName + "-" + node.name())
        .withHostName(node.name())
        .withLabels(nodeLabels)
        .withEnv("SLIPWAY_SSH_PORT=" + node.sshPort(), "SLIPWAY_REGISTRY=" + launch.registry(),
            "SLIPWAY_SSH_USER=" + node.user())
        .withExposedPorts(launch.published().keySet().stream().map(ExposedPort::tcp).toList())
        .withIpv4Address(launch.address())
        .withAliases(node.name())
        .withHostConfig(host);
    String id = create.exec().getId();
    byte[] capacity = node.capacity().asProperties().getBytes(StandardCharsets.UTF_8);
    docker.copyArchiveToContainerCmd(id).withRemotePath("/").withTarInputStream(new ByteArrayInputStream(tar(Map.of(
        "etc/ssh/ssh_host_ed25519_key", file(launch.hostKey().privateKeyPem(), 0600),
        "etc/ssh/ssh_host_ed25519_key.pub", file(launch.hostKey().publicKeyLine(), 0644),
        "root/.ssh/authorized_keys", file(launch.authorizedKey() + "\n", 0600),
        "etc/slipway/capacity", new TarFile(capacity, 0644),
        "etc/kubernetes/slipway/capacity", new TarFile(capacity, 0644),
        "etc/kubernetes/slipway/images", file(NodeContainer.imagesFile(launch.workloadImage()), 0644))))).exec();
    docker.startContainerCmd(id).exec();
    awaitReady(docker, id, node.name() + " on " + engine.name());
    return new ContainerNode(docker, node, id, network.id(), launch.address(),
        new SshEndpoint(engine.host(), launch.published().get(node.sshPort())), launch.hostKey().publicKey(),
        launch.published());
  }

  private static List<PortBinding> ports(Engine engine, NodeLaunch launch) {
    List<PortBinding> ports = new ArrayList<>();
    launch.published().forEach((nodePort, enginePort) -> ports.add(new PortBinding(
        Ports.Binding.bindIpAndPort(engine.host(), enginePort), ExposedPort.tcp(nodePort))));
    if (launch.publishesApi()) {
      ports.add(new PortBinding(Ports.Binding.bindIpAndPort(engine.host(), FleetNode.APISERVER_PORT),
          ExposedPort.tcp(FleetNode.APISERVER_PORT)));
    }
    return ports;
  }

  /**
   * The engine of each load balancer: the engines that run a controlplane node, in turn (an LB's
   * published port is then on an address the apiserver's certificate names).
   */
  private static List<Integer> loadBalancerPlacement(FleetSpec spec, List<Integer> placed) {
    List<Integer> withApiserver = new ArrayList<>();
    for (int i = 0; i < spec.nodes().size(); i++) {
      if (spec.nodes().get(i).roles().contains(Role.CONTROLPLANE) && !withApiserver.contains(placed.get(i))) {
        withApiserver.add(placed.get(i));
      }
    }
    if (!spec.loadBalancers().isEmpty() && withApiserver.isEmpty()) {
      throw new FleetException("fleet " + spec.name() + " has load balancers but no controlplane node to send to");
    }
    Collections.sort(withApiserver);
    List<Integer> lbPlaced = new ArrayList<>();
    for (int j = 0; j < spec.loadBalancers().size(); j++) {
      lbPlaced.add(withApiserver.get(j % withApiserver.size()));
    }
    return lbPlaced;
  }

  /** Starts the load balancers in parallel, each proxying to every controlplane node's overlay address. */
  private static List<LoadBalancer> startLoadBalancers(FleetSpec spec, List<Engine> engines, List<Integer> lbPlaced,
      String image, FleetNetwork network, Map<String, String> labels, Map<String, String> placement,
      Progress progress) {
    if (spec.loadBalancers().isEmpty()) {
      return List.of();
    }
    List<String> apiservers = network.controlplaneAddresses(spec);
    Map<String, String> lbLabels = new LinkedHashMap<>(labels);
    lbLabels.put(FleetLabels.KIND, "lb");
    Instant start = Instant.now();
    List<CompletableFuture<LoadBalancer>> starting = new ArrayList<>();
    for (int j = 0; j < spec.loadBalancers().size(); j++) {
      String lbName = spec.loadBalancers().get(j);
      Engine engine = engines.get(lbPlaced.get(j));
      placement.put(lbName, engine.name());
      LbContainer.Launch launch = new LbContainer.Launch(lbName, network.loadBalancerAddress(j), apiservers, null, 0);
      InetSocketAddress published = InetSocketAddress.createUnresolved(engine.host(), FIRST_LB_PORT + j);
      starting.add(CompletableFuture.supplyAsync(() -> LbContainer.startOn(engine.docker(), image, network,
          "slipway-" + spec.name() + "-" + lbName, launch, lbLabels, published)));
    }
    List<LoadBalancer> started = new ArrayList<>();
    for (CompletableFuture<LoadBalancer> lb : starting) {
      started.add(joinOne(lb, "fleet " + spec.name() + ": a load balancer did not start"));
    }
    progress.report(started.size() + " load balancers up in " + ContainerFleet.since(start) + ": " + started.stream()
        .map(lb -> lb.name() + " on " + placement.get(lb.name()) + " (" + lb.reach().getHostString() + ":"
            + lb.reach().getPort() + ")").collect(Collectors.joining(", ")));
    return started;
  }

  private static String startRegistry(Engine engine, String image, FleetNetwork network, String fleetName,
      Map<String, String> labels) {
    Map<String, String> registryLabels = new LinkedHashMap<>(labels);
    registryLabels.put(FleetLabels.KIND, "registry");
    String id = engine.docker().createContainerCmd(image)
        .withName("slipway-" + fleetName + "-registry")
        .withLabels(registryLabels)
        .withExposedPorts(ExposedPort.tcp(FleetRegistry.PORT))
        .withIpv4Address(network.registryAddress())
        .withAliases("registry")
        .withHostConfig(HostConfig.newHostConfig().withNetworkMode(network.name()).withPortBindings(
            new PortBinding(Ports.Binding.bindIp(engine.host()), ExposedPort.tcp(FleetRegistry.PORT))))
        .exec().getId();
    engine.docker().startContainerCmd(id).exec();
    return id;
  }

  private static int publishedPort(DockerClient docker, String containerId, int port) {
    Ports.Binding[] bindings = docker.inspectContainerCmd(containerId).exec().getNetworkSettings().getPorts()
        .getBindings().get(ExposedPort.tcp(port));
    if (bindings == null || bindings.length == 0) {
      throw new FleetException("the fleet registry's port " + port + " was not published");
    }
    return Integer.parseInt(bindings[0].getHostPortSpec());
  }

  private static void awaitRegistry(int loopbackPort) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + loopbackPort + "/v2/"))
        .timeout(Duration.ofSeconds(2)).build();
    waitUntil(Duration.ofSeconds(60), "the fleet registry did not answer within 60 s", () -> {
      try {
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FleetException("interrupted while waiting for the fleet registry", e);
      }
    });
  }

  private static void awaitReady(DockerClient docker, String containerId, String what) {
    waitUntil(READY_TIMEOUT, what + " did not become ready within " + READY_TIMEOUT.toSeconds() + " s", () -> {
      if (!Boolean.TRUE.equals(docker.inspectContainerCmd(containerId).exec().getState().getRunning())) {
        throw new FleetException(what + " stopped while starting; its log:\n" + DockerMachine.logTail(docker,
            containerId, 20));
      }
      return DockerMachine.logTail(docker, containerId, 5).contains(READY_LINE);
    });
  }

  /** Polls {@code condition} every 200 ms until it holds; a {@link FleetException} with {@code failure} after {@code timeout}. */
  private static void waitUntil(Duration timeout, String failure, BooleanSupplier condition) {
    if (!Poll.until(timeout, Duration.ofMillis(200), condition)) {
      throw new FleetException(failure);
    }
  }

  private record TarFile(byte[] content, int mode) {
  }

  private static TarFile file(String content, int mode) {
    return new TarFile(content.getBytes(StandardCharsets.UTF_8), mode);
  }

  private static byte[] tar(Map<String, TarFile> files) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Map.Entry<String, TarFile> file : files.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
        entry.setSize(file.getValue().content().length);
        entry.setMode(file.getValue().mode());
        out.putArchiveEntry(entry);
        out.write(file.getValue().content());
        out.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void join(List<CompletableFuture<Void>> futures, String what) {
    for (CompletableFuture<Void> future : futures) {
      joinOne(future, what);
    }
  }

  private static <T> T joinOne(CompletableFuture<T> future, String what) {
    try {
      return future.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof FleetException fleet) {
        throw fleet;
      }
      throw FleetException.because(what, cause);
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

  /** The id carried by every resource of this fleet as label {@code slipway.run}, on every engine. */
  public String runId() {
    return runId;
  }

  @Override
  public Map<String, String> placement() {
    return placement;
  }

  @Override
  public List<LoadBalancer> loadBalancers() {
    return loadBalancers;
  }

  @Override
  public Optional<String> floatingAddress() {
    return Optional.empty();
  }

  @Override
  public Path directory() {
    return options.directory();
  }

  @Override
  public String registry() {
    return registry.address();
  }

  @Override
  public String imageReference(SlipwayImage image) {
    return images.reference(image);
  }

  @Override
  public Optional<String> componentsImage(String kubernetesVersion) {
    return images.componentsImage(kubernetesVersion);
  }

  /** Removes every container and the network of this fleet from every engine; the swarm stays. */
  @Override
  public void close() {
    remove(engines, runId);
    engines.forEach(Engine::close);
    if (cleanupHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(cleanupHook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down and the hook runs anyway
      }
    }
  }

  /** The node containers of fleet {@code fleetName} on each of {@code engines}, by engine name (for {@code fleet ls}). */
  public static Map<String, List<Container>> nodes(String fleetName, List<EngineSpec> engines) {
    Map<String, List<Container>> nodes = new LinkedHashMap<>();
    for (int i = 0; i < engines.size(); i++) {
      try (Engine engine = Engine.connect("engine-" + (i + 1), engines.get(i))) {
        nodes.put(engine.name(), engine.docker().listContainersCmd().withShowAll(true)
            .withLabelFilter(Map.of(FleetLabels.FLEET, fleetName, FleetLabels.KIND, "node")).exec().stream()
            .sorted(Comparator.comparing(c -> c.getLabels().getOrDefault(FleetLabels.NODE, ""))).toList());
      }
    }
    return nodes;
  }

  /**
   * Removes fleet {@code fleetName} from each of {@code engines} (what {@code fleet down} does
   * for a detached spread fleet); the count of containers and networks removed.
   */
  public static FleetResources.Removed remove(String fleetName, List<EngineSpec> engines) {
    int containers = 0;
    int networks = 0;
    for (int i = engines.size() - 1; i >= 0; i--) {
      try (Engine engine = Engine.connect("engine-" + (i + 1), engines.get(i))) {
        FleetResources.Removed removed = FleetResources.remove(engine.docker(), FleetLabels.FLEET, fleetName);
        containers += removed.containers();
        networks += removed.networks();
      }
    }
    return new FleetResources.Removed(containers, networks);
  }

  /** Containers on every engine first, then the network (which spans them) from the first. */
  private static void remove(List<Engine> engines, String runId) {
    for (int i = engines.size() - 1; i >= 0; i--) {
      FleetResources.remove(engines.get(i).docker(), FleetLabels.RUN, runId);
    }
  }

  private static void removeAfterFailure(List<Engine> engines, String runId, Thread hook, TcpRelay relay) {
    if (relay != null) {
      relay.close();
    }
    remove(engines, runId);
    engines.forEach(Engine::close);
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // shutting down (or the hook was never added: a detached fleet)
    }
  }
}
