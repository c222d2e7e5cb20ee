package io.slipway.engine.up;

import io.slipway.engine.BadInputException;
import io.slipway.engine.Sha256;
import io.slipway.engine.SlipwayException;
import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.NodeConfig;
import io.slipway.engine.config.Role;
import io.slipway.engine.event.EventSink;
import io.slipway.engine.exec.OneShot;
import io.slipway.engine.host.CommandResult;
import io.slipway.engine.host.Host;
import io.slipway.engine.pki.ClusterCertificates;
import io.slipway.engine.plan.ObservedContainer;
import io.slipway.engine.plan.SnapshotContainers;
import io.slipway.engine.state.StateStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * {@code slipway etcd}: RKE's one-shot snapshots on every etcd node, their listing and removal,
 * and the restore of one, as RKE restores it: the snapshot must be on every member; the first
 * member's copy is the one restored everywhere (each member's own snapshot differs in bytes),
 * copied to the others and compared by SHA-256 before anything is stopped; then every component
 * container goes, each member's data is restored from it with the members as the initial cluster
 * under a fresh cluster token, and the cluster comes up as a new one would (etcd, the control
 * plane, the workers) with the certificates the snapshot was taken with.
 */
public final class EtcdSnapshots {

  /** One snapshot file on one etcd node. */
  public record File(String host, String name, long bytes, Instant modified) {
  }

  /** The snapshots of the etcd nodes by name, each with the nodes that hold it. */
  public record Listing(List<String> etcdHosts, Map<String, List<File>> byName) {
    public Listing {
      etcdHosts = List.copyOf(etcdHosts);
      byName = new TreeMap<>(byName);
    }

    /** The etcd nodes that do not hold snapshot {@code name}. */
    public List<String> missing(String name) {
      List<String> holding = byName.getOrDefault(name, List.of()).stream().map(File::host).toList();
      return etcdHosts.stream().filter(h -> !holding.contains(h)).toList();
    }
  }

  /** RKE's timeout of a snapshot ({@code backup_config.timeout}'s default, 300 s). */
  private static final Duration SAVE_TIMEOUT = Duration.ofSeconds(300);
  private static final Duration RESTORE_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

  private final Clock clock;

  public EtcdSnapshots(Clock clock) {
    this.clock = clock;
  }

  /** RKE's name for a snapshot saved without {@code --name}: {@code rke_etcd_snapshot_} and the time, RFC 3339. */
  public String defaultName() {
    return "rke_etcd_snapshot_" + OffsetDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS)
        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  /**
   * Saves snapshot {@code name} on every etcd node at once, the state file zipped beside each
   * member's database; reports each node's file to {@code progress} as it is saved.
   */
  public List<File> save(ClusterConfig config, UpOptions options, String name, Consumer<File> progress) {
    SnapshotContainers.checkName(name);
    StateStore.Saved saved = deployed(options);
    try (ConnectHosts.Connected connected = ConnectHosts.run(config, saved.cluster(), options)) {
      Map<String, Host> etcd = etcdHosts(config, connected);
      List<String> stopped = etcd.entrySet().stream().filter(e -> !etcdRunning(e.getValue())).map(Map.Entry::getKey)
          .toList();
      if (!stopped.isEmpty()) {
        throw new SlipwayException("etcd is not running on " + String.join(", ", stopped) + ": a snapshot is saved "
            + "from every member; run `slipway up` first. No snapshot was saved");
      }
      byte[] state = StateStore.bytes(saved);
      return inParallel(etcd, (node, host) -> {
        host.writeFile(SnapshotContainers.stateFile(config, name), state, 0600);
        OneShot.run(host, SnapshotContainers.save(config, node, name), SAVE_TIMEOUT);
        File file = files(host).stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow(() ->
            new SlipwayException(host.address().name() + ": the snapshot tool ended, but "
                + SnapshotContainers.zip(name) + " is not there"));
        progress.accept(file);
        return file;
      }, config, options);
    }
  }

  /** Every etcd node's snapshots. */
  public Listing list(ClusterConfig config, UpOptions options) {
    StateStore.Saved saved = Up.load(options.stateFile());
    try (ConnectHosts.Connected connected = ConnectHosts.run(config, saved.cluster(), options)) {
      return listing(etcdHosts(config, connected));
    }
  }

  /** Deletes snapshot {@code name} from every etcd node that holds it; returns those nodes. */
  public List<String> remove(ClusterConfig config, UpOptions options, String name) {
    SnapshotContainers.checkName(name);
    StateStore.Saved saved = Up.load(options.stateFile());
    try (ConnectHosts.Connected connected = ConnectHosts.run(config, saved.cluster(), options)) {
      Map<String, Host> etcd = etcdHosts(config, connected);
      Listing listing = listing(etcd);
      List<String> holding = listing.byName().getOrDefault(name, List.of()).stream().map(File::host).toList();
      if (holding.isEmpty()) {
        throw noSuchSnapshot(name, listing);
      }
      Map<String, Host> targets = new LinkedHashMap<>(etcd);
      targets.keySet().retainAll(holding);
      inParallel(targets, (node, host) -> OneShot.run(host, SnapshotContainers.delete(config, name), COMMAND_TIMEOUT),
          config, options);
      return holding;
    }
  }

  /**
   * Restores snapshot {@code name} (see the class comment), saying what it does to
   * {@code progress}; the {@code up} that brings the cluster back reports to {@code events}.
   *
   * @throws BadInputException before anything is stopped, when a member lacks the snapshot
   */
  public Up.Result restore(ClusterConfig config, UpOptions options, String name, EventSink events,
      Consumer<String> progress) {
    SnapshotContainers.checkName(name);
    StateStore.Saved local = Up.load(options.stateFile());
    try (ConnectHosts.Connected connected = ConnectHosts.run(config, local.cluster(), options)) {
      Map<String, Host> etcd = etcdHosts(config, connected);
      Listing listing = listing(etcd);
      List<String> missing = listing.missing(name);
      if (missing.size() == etcd.size()) {
        throw noSuchSnapshot(name, listing);
      }
      if (!missing.isEmpty()) {
        throw new BadInputException("snapshot " + name + " is missing on " + String.join(", ", missing) + " (it is on "
            + String.join(", ", listing.byName().get(name).stream().map(File::host).toList()) + "): a restore needs "
            + "it on every etcd member; nothing was stopped");
      }
      String source = etcd.keySet().iterator().next();
      Snapshot snapshot = Snapshot.read(etcd.get(source).readFile(SnapshotContainers.zip(name)), name, source);
      ClusterCertificates pki = snapshot.state().flatMap(StateStore.Saved::certificates)
          .or(local::certificates).orElseThrow(() -> new SlipwayException("snapshot " + name + " holds no state file "
              + "and " + options.stateFile() + " holds no certificates: there are none to restore the cluster with"));
      progress.accept("restoring " + name + " as " + source + " saved it (" + snapshot.database().length + " bytes, "
          + "sha256 " + snapshot.sha256().substring(0, 12) + "), with the certificates "
          + (snapshot.state().isPresent() ? "of the snapshot" : "of " + options.stateFile()));
      inParallel(etcd, (node, host) -> {
        host.writeFile(SnapshotContainers.database(name), snapshot.database(), 0600);
        String copied = sha256sum(host, SnapshotContainers.database(name));
        if (!copied.equals(snapshot.sha256())) {
          throw new SlipwayException(node.hostname() + ": the copy of " + name + " differs from " + source + "'s "
              + "(sha256 " + copied + " against " + snapshot.sha256() + "); nothing was stopped");
        }
        return copied;
      }, config, options);
      progress.accept("the same database is on every member; stopping the cluster");
      inParallel(connected.hosts(), EtcdSnapshots::removeComponents, options);
      String token = "etcd-restore-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
      inParallel(etcd, (node, host) -> {
        OneShot.run(host, SnapshotContainers.restore(config, node, name, token), RESTORE_TIMEOUT);
        host.exec("rm -f -- '" + SnapshotContainers.database(name) + "'", COMMAND_TIMEOUT);
        progress.accept(node.hostname() + ": etcd data restored from " + name);
        return node;
      }, config, options);
      progress.accept("etcd restored on " + etcd.size() + " members (cluster token " + token + "); bringing the "
          + "cluster up");
      return new Up(clock).deployRestored(config, pki, options, events, connected);
    }
  }

  /** A snapshot zip's database ({@code backup/NAME}) and state file ({@code etc/kubernetes/NAME.slipwaystate}), if any. */
  private record Snapshot(byte[] database, Optional<StateStore.Saved> state, String sha256) {
    static Snapshot read(byte[] zip, String name, String host) {
      byte[] database = null;
      StateStore.Saved state = null;
      try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
        for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
          String path = entry.getName().replaceFirst("^/", "");
          if (path.equals("backup/" + name)) {
            database = in.readAllBytes();
          } else if (path.endsWith("/" + name + ".slipwaystate")) {
            state = StateStore.read(in.readAllBytes(), host + ":" + SnapshotContainers.zip(name));
          }
        }
      } catch (IOException e) {
        throw new SlipwayException(host + ": " + SnapshotContainers.zip(name) + " is not a readable zip: "
            + e.getMessage());
      }
      if (database == null) {
        throw new SlipwayException(host + ": " + SnapshotContainers.zip(name) + " holds no backup/" + name
            + " (etcd's database); nothing was stopped");
      }
      return new Snapshot(database, Optional.ofNullable(state), Sha256.hex(database));
    }
  }

  private static StateStore.Saved deployed(UpOptions options) {
    StateStore.Saved saved = Up.load(options.stateFile());
    if (saved.certificates().isEmpty()) {
      throw new BadInputException(options.stateFile() + " holds no certificates: the cluster was never deployed; run "
          + "`slipway up` first");
    }
    return saved;
  }

  private static BadInputException noSuchSnapshot(String name, Listing listing) {
    return new BadInputException("no etcd node holds a snapshot named " + name + "; nothing was changed. "
        + (listing.byName().isEmpty() ? "There are no snapshots." : "The snapshots: "
        + String.join(", ", listing.byName().keySet())));
  }

  private static Map<String, Host> etcdHosts(ClusterConfig config, ConnectHosts.Connected connected) {
    Map<String, Host> etcd = new LinkedHashMap<>();
    config.nodes().stream().filter(n -> n.has(Role.ETCD)).forEach(n -> etcd.put(n.hostname(),
        connected.hosts().get(n.hostname())));
    if (etcd.isEmpty()) {
      throw new BadInputException("cluster.yml has no node with the etcd role: there is nothing to snapshot");
    }
    return etcd;
  }

  private static boolean etcdRunning(Host host) {
    return ObserveHosts.containers(Map.of(host.address().name(), host), List.of(), 1).on(host.address().name())
        .stream().anyMatch(c -> c.name().equals("etcd") && c.running());
  }

  private static Listing listing(Map<String, Host> etcd) {
    Map<String, List<File>> byName = new TreeMap<>();
    etcd.values().forEach(host -> files(host).forEach(f -> byName.computeIfAbsent(f.name(), n -> new ArrayList<>())
        .add(f)));
    return new Listing(List.copyOf(etcd.keySet()), byName);
  }

  /** The snapshot zips of one node. */
  private static List<File> files(Host host) {
    CommandResult result = host.exec("for f in " + SnapshotContainers.DIRECTORY + "/*.zip; do [ -f \"$f\" ] && "
        + "stat -c '%s %Y %n' \"$f\"; done; true", COMMAND_TIMEOUT);
    List<File> files = new ArrayList<>();
    for (String line : result.stdout().lines().toList()) {
      String[] parts = line.split(" ", 3);
      if (parts.length == 3 && parts[2].endsWith(".zip")) {
        String file = parts[2].substring(parts[2].lastIndexOf('/') + 1);
        files.add(new File(host.address().name(), file.substring(0, file.length() - ".zip".length()),
            Long.parseLong(parts[0]), Instant.ofEpochSecond(Long.parseLong(parts[1]))));
      }
    }
    return files;
  }

  private static Host removeComponents(Host host) {
    String name = host.address().name();
    for (ObservedContainer container : ObserveHosts.containers(Map.of(name, host), List.of(), 1).on(name)) {
      host.docker().removeContainerCmd(container.id()).withForce(true).exec();
    }
    return host;
  }

  private static String sha256sum(Host host, String path) {
    CommandResult result = host.exec("sha256sum -- '" + path + "'", COMMAND_TIMEOUT);
    if (result.exitCode() != 0) {
      throw new SlipwayException(host.address().name() + ": sha256sum " + path + " failed: " + result.stderr().strip());
    }
    return result.stdout().strip().split("\\s+")[0];
  }

  /** {@code work} on every etcd host at once (by node), failing with the first failure once all ended. */
  private static <T> List<T> inParallel(Map<String, Host> hosts, BiFunction<NodeConfig, Host, T> work,
      ClusterConfig config, UpOptions options) {
    Map<String, NodeConfig> nodes = new LinkedHashMap<>();
    config.nodes().forEach(n -> nodes.put(n.hostname(), n));
    return inParallel(hosts, host -> work.apply(nodes.get(host.address().name()), host), options);
  }

  private static <T> List<T> inParallel(Map<String, Host> hosts, Function<Host, T> work, UpOptions options) {
    return new ArrayList<>(SideBySide.onHosts(hosts, work, options.parallelism(), "slipway-etcd-snapshots").values());
  }
}
