package io.slipway.simulator.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.engine.Poll;
import io.slipway.engine.cli.SlipwayMain;
import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.Role;
import io.slipway.engine.config.Strictness;
import io.slipway.engine.event.Event;
import io.slipway.engine.exec.Change;
import io.slipway.engine.host.HostKeyPolicy;
import io.slipway.engine.state.StateStore;
import io.slipway.engine.up.Up;
import io.slipway.engine.up.UpFailedException;
import io.slipway.engine.up.Remove;
import io.slipway.engine.up.UpOptions;
import io.slipway.simulator.fleet.ContainerFleet;
import io.slipway.simulator.fleet.FleetNode;
import io.slipway.simulator.fleet.FleetOptions;
import io.slipway.simulator.fleet.FleetSpec;
import io.slipway.simulator.fleet.NodeSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway up} and {@code slipway cert-rotate}, each a process of its own, killed with
 * SIGKILL at seeded points of their runs and run again: every re-run converges (the next {@code up}
 * changes nothing), the CA is the one first issued, the state file always loads, and no host holds
 * a half-written certificate or key, nor a temporary file of an interrupted write. Points are drawn from {@code -Dslipway.crash.seed} (default 1);
 * CI tries {@code -Dslipway.crash.points} (default 3: one of each kind) of them, {@code bin/crash-points} 30. The
 * table of points goes to {@code target/crash-points.md}.
 *
 * <p>A point is either a time after the process started (while it starts and connects: nothing
 * is planned yet) or the start of the n-th step of the plan (that step is in flight when the
 * process dies: an upload, an image pull, a container replaced, an etcd member joining). The runs
 * take turns ({@link Kind}): a new cluster, one whose nodes lost their containers, a rotation.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashSafetyIT {

  private static final int POINTS = Integer.getInteger("slipway.crash.points", 3);
  private static final long SEED = Long.getLong("slipway.crash.seed", 1);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;

  static ContainerFleet fleet;
  static Path clusterFile;
  static ClusterConfig config;
  static UpOptions options;

  @BeforeAll
  static void startFleet() throws IOException {
    fleet = ContainerFleet.start(new FleetSpec("crash-" + Long.toHexString(System.nanoTime() & 0xffffff), List.of(
        NodeSpec.of("node-1", Role.CONTROLPLANE, Role.ETCD, Role.WORKER), NodeSpec.of("node-2", Role.ETCD, Role.WORKER),
        NodeSpec.of("node-3", Role.ETCD, Role.WORKER))), FleetOptions.scoped(dir.resolve("fleet")));
    clusterFile = dir.resolve("cluster.yml");
    Files.writeString(clusterFile, Files.readString(fleet.clusterYml()) + FleetClusterFiles.ONLY_NETWORK_ADDON);
    config = ConfigLoader.load(clusterFile, Strictness.STRICT).config();
    options = UpOptions.beside(clusterFile, fleet.knownHosts(), HostKeyPolicy.VERIFY, 50);
  }

  @AfterAll
  static void removeFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  @Order(1)
  void killedAnywhereARunIsRunAgainToTheSameCluster() throws Exception {
    Random random = new Random(SEED);
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < POINTS; i++) {
      // a new cluster, then in turn: containers lost, certificates rotated, removed and new again
      Kind kind = i == 0 ? Kind.NEW_CLUSTER : Kind.values()[i % 3];
      boolean early = random.nextInt(8) == 0;
      points.add(new Point(i + 1, kind, early ? 300 + random.nextInt(1500) : -1, random.nextDouble()));
    }
    List<String> table = new ArrayList<>(List.of("| # | run | killed | in flight | state after the kill | "
        + "unparsable certificates | temp files left | re-run | next up changes | CA |",
        "|---|---|---|---|---|---|---|---|---|---|"));
    String firstCa = null;
    int regenerations = 0;
    int converged = 0;
    for (Point point : points) {
      switch (point.kind()) {
        case NEW_CLUSTER -> {
          if (Files.exists(options.stateFile())) {
            Remove.run(config, options, host -> { });
          }
          firstCa = null;  // a removed cluster's successor has a CA of its own
        }
        case CONTAINERS_LOST -> loseContainers();
        case CERT_ROTATE -> { }
      }
      Killed killed = runAndKill(point);
      Optional<StateStore.Saved> state = loadState();
      String stateText = state.map(s -> s.certificates().isPresent() ? "certificates" : "no certificates")
          .orElse("absent");
      String caAfterKill = state.flatMap(StateStore.Saved::certificates).map(c -> c.require("kube-ca")
          .certificatePem()).orElse(null);
      List<String> unparsable = unparsableCertificates();
      // a write the kill interrupted may still be running on its node until sshd sees the connection gone
      Poll.until(Duration.ofSeconds(15), Duration.ofMillis(250), () -> tempFilesLeft().isEmpty());
      List<String> tempFiles = tempFilesLeft();
      int temp = tempFiles.size();

      Process rerun = slipway(point.kind().command);
      String rerunOutput = new String(rerun.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(rerun.waitFor(5, TimeUnit.MINUTES)).isTrue();
      assertThat(rerun.exitValue()).as("re-run of point %d (%s):%n%s", point.number(), killed, rerunOutput)
          .isZero();
      List<String> changes = new Up(Clock.systemUTC()).run(config, options, event -> { }).changes().stream()
          .map(Change::describe).toList();
      String ca = loadState().orElseThrow().certificates().orElseThrow().require("kube-ca").certificatePem();
      if (firstCa == null) {
        firstCa = caAfterKill != null ? caAfterKill : ca;
      }
      boolean same = ca.equals(firstCa);
      regenerations += same ? 0 : 1;
      converged += changes.isEmpty() ? 1 : 0;
      String line = "| %d | %s | %s | %s | %s | %d | %d | exit 0 | %d | %s |".formatted(point.number(),
          point.kind().command + (point.kind() == Kind.CONTAINERS_LOST ? " (containers lost)" : ""), killed.when(),
          killed.inFlight(), stateText, unparsable.size(), temp, changes.size(), same ? "first issued" : "REGENERATED");
      table.add(line);
      System.out.println(line);
      assertThat(unparsable).as("point %d: certificates or keys that do not parse", point.number()).isEmpty();
      assertThat(changes).as("point %d (%s): the up after the re-run, which printed:%n%s", point.number(), killed,
          rerunOutput).isEmpty();
      assertThat(tempFiles).as("point %d: temporary files of interrupted writes left on the nodes", point.number())
          .isEmpty();
    }
    table.add("");
    table.add("%d points (seed %d): %d converged, %d CA regenerations".formatted(points.size(), SEED, converged,
        regenerations));
    Path report = Path.of("target", "crash-points.md");
    Files.createDirectories(report.getParent());
    Files.write(report, table);
    table.forEach(System.out::println);
    assertThat(regenerations).isZero();
  }

  /**
   * An SSH connection dropped while a step runs on its host (the node's sshd session killed): the
   * run fails naming that host and the step, and the next run converges.
   */
  @Test
  @Order(2)
  void aConnectionDroppedMidStepFailsNamingHostAndStepAndAReRunConverges() throws Exception {
    loseContainers();
    FleetNode node = fleet.node("node-2");
    AtomicBoolean dropped = new AtomicBoolean();
    AtomicInteger started = new AtomicInteger();
    UpFailedException failed = catchThrowableOfType(UpFailedException.class, () -> new Up(Clock.systemUTC()).run(
        config, options, event -> {
          if (event instanceof Event.StepStarted s && s.step().host().equals("node-2") && started.incrementAndGet() == 3
              && dropped.compareAndSet(false, true)) {
            // the sessions of the node's sshd (not its listener, "sshd: /usr/sbin/sshd …"), and with them the connection
            node.exec("pkill", "-KILL", "-f", "^sshd: root").orThrow("node-2", "drop the SSH connection");
          }
        }));
    assertThat(dropped).isTrue();
    assertThat(failed).as("the run fails").isNotNull();
    assertThat(failed.getMessage()).contains("host node-2, step ");
    assertThat(new Up(Clock.systemUTC()).run(config, options, event -> { }).changes()).as("the re-run").isNotEmpty();
    assertThat(new Up(Clock.systemUTC()).run(config, options, event -> { }).changes()).as("and then").isEmpty();
  }

  /** What a point's run has to do. */
  private enum Kind {
    /** {@code up} of a new cluster (the previous one removed): certificates, etcd formed, every container. */
    NEW_CLUSTER("up"),
    /**
     * {@code up} after every node lost its containers but the etcd members of node-1 and node-2
     * (node-3's etcd rejoins, and node-3 pulls the components image again).
     */
    CONTAINERS_LOST("up"),
    /** {@code cert-rotate}: new certificates, components restarted one node at a time. */
    CERT_ROTATE("cert-rotate");

    final String command;

    Kind(String command) {
      this.command = command;
    }
  }

  /** Where a point kills: a time after start, or the start of a step at {@code fraction} of the plan. */
  private record Point(int number, Kind kind, int afterMillis, double fraction) {
  }

  /** What the killed process had got to. */
  private record Killed(String when, String inFlight) {
  }

  private static Killed runAndKill(Point point) throws Exception {
    Process process = slipway(point.kind().command);
    CompletableFuture<Killed> killed = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      int steps = -1;
      int seen = 0;
      String last = "nothing planned yet";
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          JsonNode event = line.startsWith("{") ? JSON.readTree(line) : JSON.createObjectNode();
          switch (event.path("type").asText()) {
            case "run-started" -> steps = event.path("steps").asInt();
            case "step-started" -> {
              seen++;
              last = event.path("host").asText() + " " + event.path("step").asText() + " (" + event.path("phase")
                  .asText() + ")";
              if (point.afterMillis() < 0 && steps > 0 && seen >= 1 + (int) (point.fraction() * steps)) {
                process.destroyForcibly();
                killed.complete(new Killed("step " + seen + " of " + steps, last));
              }
            }
            default -> { }
          }
        }
      } catch (IOException e) {
        // the process is gone
      }
      killed.complete(new Killed("after the end (" + seen + " steps)", last));
    });
    reader.start();
    if (point.afterMillis() >= 0) {
      if (!process.waitFor(point.afterMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        killed.complete(new Killed(point.afterMillis() + " ms after start", "starting, connecting"));
      }
    }
    process.waitFor(5, TimeUnit.MINUTES);
    reader.join(Duration.ofSeconds(10).toMillis());
    return killed.getNow(new Killed("?", "?"));
  }

  private static Process slipway(String command) throws IOException {
    List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), SlipwayMain.class.getName(), command, "--config",
        clusterFile.toString(), "--known-hosts", fleet.knownHosts().toString(), "--log-format", "json"));
    return new ProcessBuilder(line).redirectErrorStream(true).start();
  }

  private static Optional<StateStore.Saved> loadState() {
    return Files.exists(options.stateFile()) ? Optional.of(StateStore.load(options.stateFile())) : Optional.empty();
  }

  /**
   * Every node loses its containers but the etcd members of node-1 and node-2 (a quorum: with
   * none, {@code up} rightly refuses to roll etcd onto nodes that lost it); node-3 also loses the
   * images, so that it pulls again.
   */
  private static void loseContainers() {
    for (FleetNode node : fleet.nodes()) {
      boolean keepEtcd = !node.name().equals("node-3");
      node.exec("sh", "-c", "ids=$(docker ps -a --format '{{.ID}} {{.Names}}' | awk '" + (keepEtcd ? "$2 != \"etcd\" " : "")
          + "{print $1}'); [ -z \"$ids\" ] || docker rm -f $ids >/dev/null" + (keepEtcd ? "" : "; docker image prune -af "
          + ">/dev/null"))
          .orThrow(node.name(), "lose containers");
    }
  }

  /** Certificates and keys on every node that do not parse whole, as {@code node:path}. */
  private static List<String> unparsableCertificates() {
    List<String> found = new ArrayList<>();
    for (FleetNode node : fleet.nodes()) {
      String out = node.exec("sh", "-c", "for f in /etc/kubernetes/ssl/*.pem; do [ -e \"$f\" ] || continue; "
          + "openssl x509 -noout -in \"$f\" 2>/dev/null || openssl pkey -noout -in \"$f\" 2>/dev/null "
          + "|| echo \"$f\"; done").stdout().strip();
      out.lines().filter(l -> !l.isBlank()).forEach(path -> found.add(node.name() + ":" + path));
    }
    return found;
  }

  /** Temporary files of writes the kill interrupted, as {@code node:path size mtime}, and the shells still writing. */
  private static List<String> tempFilesLeft() {
    List<String> found = new ArrayList<>();
    for (FleetNode node : fleet.nodes()) {
      String out = node.exec("sh", "-c", "find /etc/kubernetes /opt/rke -name '.slipway.*' -printf '%p %s %TT\\n' "
          + "2>/dev/null; ps -eo pid,etimes,args | grep '[m]ktemp' || true").stdout().strip();
      out.lines().filter(l -> !l.isBlank()).forEach(line -> found.add(node.name() + ":" + line));
    }
    return found;
  }
}
