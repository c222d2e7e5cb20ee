package io.slipway.scenarios.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.engine.BadInputException;
import io.slipway.engine.config.ConfigException;
import io.slipway.engine.config.Durations;
import io.slipway.engine.config.FieldReader;
import io.slipway.engine.config.Problem;
import io.slipway.engine.config.Role;
import io.slipway.engine.config.YamlSource;
import io.slipway.engine.plan.SnapshotContainers;
import io.slipway.reports.history.Entry;
import io.slipway.reports.history.ProbeKind;
import io.slipway.scenarios.check.linear.Linearizability;
import io.slipway.scenarios.model.AuditSpec;
import io.slipway.scenarios.model.CheckSpec;
import io.slipway.scenarios.model.ClusterEdit;
import io.slipway.scenarios.model.Condition;
import io.slipway.scenarios.model.FaultSpec;
import io.slipway.scenarios.model.ProbeSpec;
import io.slipway.scenarios.model.Scenario;
import io.slipway.scenarios.model.ScenarioStep;
import io.slipway.scenarios.model.Target;
import io.slipway.scenarios.model.Window;
import io.slipway.simulator.fleet.FleetSpec;
import io.slipway.simulator.fleet.FleetSpecLoader;
import io.slipway.simulator.fleet.NodeSpec;
import io.slipway.simulator.fleet.Misprepare;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a scenario file (format: docs/scenarios.md). Every problem is collected with file, line,
 * column and key path before anything starts; unknown keys, unknown step kinds and references to
 * step ids that do not come earlier are errors.
 */
public final class ScenarioLoader {

  private static final Set<String> TOP_KEYS = Set.of("name", "description", "seed", "fleet", "cluster", "probes",
      "steps", "audit");

  private final YamlSource source;
  private final FieldReader reader;
  private final Set<String> ids = new HashSet<>();
  private final Set<String> faultIds = new HashSet<>();
  private final Set<String> snapshots = new LinkedHashSet<>();
  private final Set<String> drillIds = new HashSet<>();
  private final Set<String> nodeNames = new HashSet<>();
  private final Set<String> lbNames = new HashSet<>();
  private final Set<ProbeKind> probing = new HashSet<>();
  private FleetSpec fleet;

  /** The longest a step may wait or hold, and the range of a probe's interval: beyond them a typo is likelier. */
  private static final Duration LONGEST_STEP = Duration.ofHours(1);
  private static final Duration SHORTEST_PROBE = Duration.ofMillis(10);
  private static final Duration LONGEST_PROBE = Duration.ofMinutes(10);
  private static final int CAS_CLIENTS = 4;
  private static final int MOST_CAS_CLIENTS = 32;
  private static final Pattern ENGINE_NAME = Pattern.compile("engine-([1-9][0-9]*)");

  private ScenarioLoader(YamlSource source) {
    this.source = source;
    this.reader = new FieldReader(source);
  }

  public static Scenario load(Path file) {
    return new ScenarioLoader(YamlSource.read(file)).scenario(file);
  }

  public static Scenario parse(String fileName, String yaml) {
    return new ScenarioLoader(YamlSource.parse(fileName, yaml)).scenario(Path.of(fileName));
  }

  private Scenario scenario(Path file) {
    JsonNode root = source.root();
    if (!root.isObject()) {
      error("", "expected a mapping with keys " + String.join(", ", TOP_KEYS.stream().sorted().toList()));
      throw new ConfigException(reader.problems());
    }
    unknownKeys(root, "", TOP_KEYS);
    String name = root.has("name") ? text(root.get("name"), "name") : file.getFileName().toString()
        .replaceFirst("\\.ya?ml$", "");
    String description = root.path("description").asText("");
    long seed = 1;
    if (root.has("seed")) {
      if (root.get("seed").isIntegralNumber() && root.get("seed").canConvertToLong()) {  // not 1.5, cut to 1
        seed = root.get("seed").asLong();
      } else {
        error("seed", "expected a whole number");
      }
    }
    if (!root.has("fleet")) {
      error("", "a scenario needs a fleet");
    } else {
      fleet = FleetSpecLoader.within(reader, "fleet");
    }
    if (fleet != null) {
      fleet.nodes().forEach(n -> nodeNames.add(n.name()));
      lbNames.addAll(fleet.loadBalancers());
    }
    ObjectNode cluster = root.path("cluster").isObject() ? (ObjectNode) root.get("cluster")
        : JsonNodeFactory.instance.objectNode();
    if (root.has("cluster") && !root.get("cluster").isObject()) {
      error("cluster", "expected a mapping: the cluster.yml to deploy (nodes default to every fleet node)");
    }
    if (fleet != null && cluster.path("nodes").isArray()) {
      Set<String> known = new HashSet<>();
      fleet.nodes().forEach(n -> known.add(n.name()));
      for (int i = 0; i < cluster.get("nodes").size(); i++) {
        JsonNode entry = cluster.get("nodes").get(i);
        String at = YamlSource.child("cluster.nodes", i);
        if (entry.isObject()) {
          // a full RKE node entry (an audit's copy of an operator's file): named for its fleet node
          at = YamlSource.child(at, "hostname_override");
          entry = entry.path("hostname_override");
        }
        String node = entry.asText();
        if (!known.contains(node)) {
          error(at, "no fleet node is called \"" + node + "\"");
        }
      }
    }
    if (fleet != null && reader.ok()) {
      ClusterSection.check(source, fleet, cluster).forEach(reader::add);
    }
    Map<ProbeKind, ProbeSpec> probes = probes(root.path("probes"));
    probing.addAll(probes.keySet());
    List<ScenarioStep> steps = new ArrayList<>();
    JsonNode list = root.path("steps");
    if (!list.isArray() || list.isEmpty()) {
      error(root.has("steps") ? "steps" : "", "a scenario needs a non-empty list of steps");
    } else {
      for (int i = 0; i < list.size(); i++) {
        ScenarioStep step = step(list.get(i), YamlSource.child("steps", i), i + 1);
        if (step != null) {
          steps.add(step);
        }
      }
    }
    Optional<AuditSpec> audit = root.has("audit") ? audit(root.get("audit")) : Optional.empty();
    if (!reader.ok()) {
      throw new ConfigException(reader.problems());
    }
    return new Scenario(name, description, file, seed, fleet, cluster, probes, steps, audit);
  }

  private Optional<AuditSpec> audit(JsonNode node) {
    if (!node.isObject()) {
      error("audit", "expected a mapping: source, topology, single_points_of_failure, drills, addresses, changes");
      return Optional.empty();
    }
    unknownKeys(node, "audit", Set.of("source", "topology", "single_points_of_failure", "drills", "addresses",
        "changes"));
    List<String> spofs = node.has("single_points_of_failure")
        ? names(node.get("single_points_of_failure"), "audit.single_points_of_failure") : List.of();
    List<String> drills = node.has("drills") ? names(node.get("drills"), "audit.drills") : List.of();
    for (int i = 0; i < drills.size(); i++) {
      if (!drillIds.contains(drills.get(i))) {
        error(YamlSource.child("audit.drills", i), "no drill step has id \"" + drills.get(i) + "\"");
      }
    }
    List<Entry.Audit.Address> addresses = new ArrayList<>();
    JsonNode list = node.path("addresses");
    for (int i = 0; list.isArray() && i < list.size(); i++) {
      JsonNode a = list.get(i);
      String at = YamlSource.child("audit.addresses", i);
      unknownKeys(a, at, Set.of("operator", "fleet", "what"));
      addresses.add(new Entry.Audit.Address(text(a.path("operator"), YamlSource.child(at, "operator")),
          text(a.path("fleet"), YamlSource.child(at, "fleet")), a.path("what").asText("")));
    }
    List<Entry.Audit.Difference> changes = new ArrayList<>();
    JsonNode diff = node.path("changes");
    for (int i = 0; diff.isArray() && i < diff.size(); i++) {
      JsonNode c = diff.get(i);
      String at = YamlSource.child("audit.changes", i);
      unknownKeys(c, at, Set.of("key", "from", "to", "why"));
      changes.add(new Entry.Audit.Difference(text(c.path("key"), YamlSource.child(at, "key")), c.path("from").asText(""),
          c.path("to").asText(""), c.path("why").asText("")));
    }
    return Optional.of(new AuditSpec(node.path("source").asText(""), node.path("topology").asText(""), spofs, drills,
        addresses, changes));
  }

  private Map<ProbeKind, ProbeSpec> probes(JsonNode node) {
    Map<ProbeKind, ProbeSpec> probes = new EnumMap<>(ProbeKind.class);
    if (node.isMissingNode()) {
      return probes;
    }
    if (!node.isObject()) {
      error("probes", "expected a mapping of probe to interval, e.g. {api_read: 250ms}; probes: " + ProbeKind.choices());
      return probes;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String path = YamlSource.child("probes", entry.getKey());
      ProbeKind.parse(entry.getKey()).ifPresentOrElse(kind -> {
        ProbeSpec spec = probe(kind, entry.getValue(), path);
        if (spec != null) {
          probes.put(kind, spec);
        }
      }, () -> reader.add(Problem.error(source.keyAt(path), path, "unknown probe \"" + entry.getKey()
          + "\"; expected one of " + ProbeKind.choices())));
    }
    return probes;
  }

  /**
   * An interval ({@code 200ms}); for {@code api_cas} also {@code {interval: 200ms, clients: 4}}
   * (default {@value #CAS_CLIENTS} clients, at most {@value #MOST_CAS_CLIENTS}).
   */
  private ProbeSpec probe(ProbeKind kind, JsonNode node, String path) {
    int defaultClients = kind == ProbeKind.API_CAS ? CAS_CLIENTS : 1;
    if (!node.isObject()) {
      Duration every = bounded(node, path, SHORTEST_PROBE, LONGEST_PROBE);
      return every == null ? null : new ProbeSpec(every, defaultClients);
    }
    if (kind != ProbeKind.API_CAS) {
      error(path, "expected an interval, e.g. 500ms (only api_cas takes {interval, clients})");
      return null;
    }
    unknownKeys(node, path, Set.of("interval", "clients"));
    Duration every = bounded(node.path("interval"), YamlSource.child(path, "interval"), SHORTEST_PROBE, LONGEST_PROBE);
    int clients = defaultClients;
    if (node.has("clients")) {
      String at = YamlSource.child(path, "clients");
      Integer n = reader.wholeNumber(node.get("clients"), at, 1);
      if (n != null && n > MOST_CAS_CLIENTS) {
        error(at, "must be at most " + MOST_CAS_CLIENTS + " clients");
        return null;
      }
      clients = n == null ? defaultClients : n;
    }
    return every == null ? null : new ProbeSpec(every, clients);
  }

  private static final Set<String> STEP_KINDS = new LinkedHashSet<>(List.of("up", "cert_rotate", "wait_until", "fault",
      "hold", "heal", "expect", "edit_cluster", "kubectl", "drill", "snapshot_save", "snapshot_restore", "remove"));

  private ScenarioStep step(JsonNode node, String path, int number) {
    String kind;
    JsonNode body;
    if (node.isTextual()) {
      kind = node.asText();
      body = NullNode.instance;
    } else if (node.isObject() && node.size() == 1) {
      kind = node.fieldNames().next();
      body = node.get(kind);
      path = YamlSource.child(path, kind);
    } else {
      error(path, "a step is one of " + String.join(", ", STEP_KINDS) + ", written as `- up` or `- KIND: {...}`");
      return null;
    }
    if (!STEP_KINDS.contains(kind)) {
      reader.add(Problem.error(node.isObject() ? source.keyAt(path) : source.at(path), path, "unknown step \"" + kind
          + "\"; expected one of " + String.join(", ", STEP_KINDS)));
      return null;
    }
    String id = body.isObject() && body.has("id") ? text(body.get("id"), YamlSource.child(path, "id"))
        : kind.replace('_', '-') + "-" + number;
    if (!ids.add(id)) {
      error(body.has("id") ? YamlSource.child(path, "id") : path, "duplicate step id \"" + id + "\"");
    }
    return switch (kind) {
      case "up" -> up(id, body, path);
      case "cert_rotate" -> noBody(body, path, new ScenarioStep.CertRotate(id));
      case "remove" -> noBody(body, path, new ScenarioStep.Remove(id));
      case "snapshot_save" -> snapshotSave(id, body, path);
      case "snapshot_restore" -> snapshotRestore(id, body, path);
      case "hold" -> {
        Duration d = bounded(body.isObject() ? body.path("for") : body, body.isObject() ? YamlSource.child(path, "for")
            : path, null, LONGEST_STEP);
        if (body.isObject()) {
          unknownKeys(body, path, Set.of("id", "for"));
        }
        yield d == null ? null : new ScenarioStep.Hold(id, d);
      }
      case "heal" -> heal(id, body, path);
      case "wait_until" -> waitUntil(id, body, path);
      case "fault" -> fault(id, body, path);
      case "expect" -> expect(id, body, path);
      case "edit_cluster" -> editCluster(id, body, path);
      case "drill" -> drill(id, body, path);
      default -> kubectl(id, body, path);
    };
  }

  private ScenarioStep up(String id, JsonNode body, String path) {
    if (!body.isObject() || !body.has("refused")) {
      return noBody(body, path, new ScenarioStep.Up(id));
    }
    unknownKeys(body, path, Set.of("id", "refused"));
    String pattern = body.get("refused").asText();
    try {
      Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      error(YamlSource.child(path, "refused"), "not a regular expression: " + e.getDescription());
    }
    return new ScenarioStep.Up(id, pattern);
  }

  /** {@code - snapshot_save} (named after its id) or {@code - snapshot_save: {name: N}}. */
  private ScenarioStep snapshotSave(String id, JsonNode body, String path) {
    String name = body.isObject() && body.has("name") ? snapshotName(body.get("name"), YamlSource.child(path, "name"))
        : id;
    if (body.isObject()) {
      unknownKeys(body, path, Set.of("id", "name"));
    } else if (!body.isNull() && !body.isMissingNode()) {
      error(path, "expected {name: NAME} or nothing");
    }
    if (name != null) {
      snapshots.add(name);
    }
    return name == null ? null : new ScenarioStep.SnapshotSave(id, name);
  }

  /** {@code - snapshot_restore: {name: N}}, N saved by an earlier snapshot_save step. */
  private ScenarioStep snapshotRestore(String id, JsonNode body, String path) {
    if (!body.isObject() || !body.has("name")) {
      error(path, "name the snapshot to restore: {name: NAME}, saved by an earlier snapshot_save step");
      return null;
    }
    unknownKeys(body, path, Set.of("id", "name"));
    String at = YamlSource.child(path, "name");
    String name = snapshotName(body.get("name"), at);
    if (name != null && !snapshots.contains(name)) {
      error(at, "no earlier snapshot_save step saves \"" + name + "\"" + (snapshots.isEmpty() ? ""
          : "; the snapshots saved: " + String.join(", ", snapshots)));
    }
    return name == null ? null : new ScenarioStep.SnapshotRestore(id, name);
  }

  private String snapshotName(JsonNode node, String path) {
    String name = text(node, path);
    try {
      return name == null ? null : SnapshotContainers.checkName(name);
    } catch (BadInputException e) {
      error(path, e.getMessage());
      return null;
    }
  }

  private ScenarioStep noBody(JsonNode body, String path, ScenarioStep step) {
    if (body.isObject()) {
      unknownKeys(body, path, Set.of("id"));
    } else if (!body.isNull() && !body.isMissingNode()) {
      error(path, "takes no value (only an optional id)");
    }
    return step;
  }

  private ScenarioStep heal(String id, JsonNode body, String path) {
    String fault = body.isObject() ? body.path("fault").asText(null) : body.asText(null);
    if (body.isObject()) {
      unknownKeys(body, path, Set.of("id", "fault"));
    }
    if (fault == null || fault.isEmpty()) {
      error(path, "name the fault step to heal, or `all`");
      return null;
    }
    if (!fault.equals("all") && !faultIds.contains(fault)) {
      error(body.isObject() ? YamlSource.child(path, "fault") : path, "no earlier fault step has id \"" + fault + "\"");
    }
    return new ScenarioStep.Heal(id, fault.equals("all") ? null : fault);
  }

  private ScenarioStep waitUntil(String id, JsonNode body, String path) {
    if (!body.isObject()) {
      error(path, "expected a mapping: one condition and a timeout");
      return null;
    }
    Set<String> conditions = Set.of("nodes_ready", "node_ready", "node_not_ready", "api_available", "etcd_healthy",
        "container_running", "floating_address_on", "pods_running");
    unknownKeys(body, path, union(conditions, Set.of("id", "timeout")));
    Duration timeout = body.has("timeout") ? bounded(body.get("timeout"), YamlSource.child(path, "timeout"), null,
        LONGEST_STEP) : Duration.ofSeconds(60);
    String which = only(body, conditions, path);
    if (which == null || timeout == null) {
      return null;
    }
    JsonNode value = body.get(which);
    String at = YamlSource.child(path, which);
    Condition condition = switch (which) {
      case "nodes_ready" -> new Condition.NodesReady(atMostFleet(count(value, at), at));
      case "node_ready" -> new Condition.NodeReady(node(value, at));
      case "node_not_ready" -> new Condition.NodeNotReady(node(value, at));
      case "api_available" -> new Condition.ApiAvailable();
      case "etcd_healthy" -> new Condition.EtcdHealthy();
      case "floating_address_on" -> new Condition.FloatingAddressOn(loadBalancer(value, at));
      case "pods_running" -> podsRunning(value, at);
      default -> new Condition.ContainerRunning(node(value.path("node"), YamlSource.child(at, "node")),
          text(value.path("container"), YamlSource.child(at, "container")));
    };
    return new ScenarioStep.WaitUntil(id, condition, timeout);
  }

  private Condition podsRunning(JsonNode value, String at) {
    if (!value.isObject()) {
      error(at, "expected a mapping: selector, count and optionally node");
      return null;
    }
    unknownKeys(value, at, Set.of("selector", "count", "node"));
    String selector = text(value.path("selector"), YamlSource.child(at, "selector"));
    int count = count(value.path("count"), YamlSource.child(at, "count"));
    String node = value.has("node") ? node(value.get("node"), YamlSource.child(at, "node")) : null;
    return new Condition.PodsRunning(selector, count, node);
  }

  private ScenarioStep fault(String id, JsonNode body, String path) {
    if (!body.isObject()) {
      error(path, "expected a mapping: the fault kind and its target");
      return null;
    }
    Set<String> kinds = Set.of("kill", "stop_container", "stop_node", "pause_node", "reboot_node", "partition",
        "partition_port", "partition_one_way", "stop_lb", "misprepare", "lose_etcd_data", "clock_skew", "disk_full",
        "delay");
    unknownKeys(body, path, union(kinds, Set.of("id", "target")));
    String which = only(body, kinds, path);
    Target target = target(body.get("target"), YamlSource.child(path, "target"),
        which != null && which.equals("stop_lb"));
    if (which == null || target == null) {
      return null;
    }
    String at = YamlSource.child(path, which);
    FaultSpec fault = switch (which) {
      case "kill" -> new FaultSpec.Kill(text(body.get(which), at), target);
      case "stop_container" -> new FaultSpec.StopContainer(text(body.get(which), at), target);
      case "stop_node" -> new FaultSpec.StopNode(target);
      case "pause_node" -> new FaultSpec.PauseNode(target);
      case "reboot_node" -> new FaultSpec.RebootNode(target);
      case "partition" -> new FaultSpec.Partition(target);
      case "partition_port" -> {
        Integer port = port(body.get(which), at);
        yield port == null ? null : new FaultSpec.PartitionPort(port, target);
      }
      case "partition_one_way" -> {
        JsonNode oneWay = body.get(which);
        if (!oneWay.isObject() || !oneWay.has("to")) {
          error(at, "expected {to: TARGET}: the nodes the target cannot reach (a node name, {role: R, count: N} or "
              + "{etcd_leader: true})");
          yield null;
        }
        unknownKeys(oneWay, at, Set.of("to"));
        Target to = target(oneWay.get("to"), YamlSource.child(at, "to"), false);
        yield to == null ? null : new FaultSpec.PartitionOneWay(to, target);
      }
      case "lose_etcd_data" -> new FaultSpec.LoseEtcdData(runsEtcd(target, YamlSource.child(path, "target")));
      case "delay" -> delay(body.get(which), at, target);
      case "disk_full" -> new FaultSpec.DiskFull(hasEtcdDisk(target, YamlSource.child(path, "target")));
      case "clock_skew" -> {
        Duration offset = skew(body.get(which), at);
        yield offset == null ? null : new FaultSpec.ClockSkew(offset, target);
      }
      case "misprepare" -> {
        String how = body.get(which).asText();
        Misprepare kind = Misprepare.parse(how).orElse(null);
        if (kind == null) {
          error(at, "unknown way to mis-prepare a node \"" + how + "\"; expected " + Misprepare.choices());
          yield null;
        }
        yield new FaultSpec.MisprepareNode(kind, target);
      }
      default -> new FaultSpec.StopLoadBalancer(target);
    };
    if (fault == null) {
      return null;
    }
    faultIds.add(id);
    return new ScenarioStep.Fault(id, fault);
  }

  /** lose_etcd_data empties an etcd member's data: a named node, or some node of the role, must run one. */
  private Target runsEtcd(Target target, String path) {
    if (fleet == null) {
      return target;
    }
    if (target instanceof Target.Named named) {
      fleet.nodes().stream().filter(n -> n.name().equals(named.name()) && !n.roles().contains(Role.ETCD)).findFirst()
          .ifPresent(n -> error(path, "\"" + n.name() + "\" runs no etcd member (roles "
              + n.roles().stream().map(Role::yamlName).sorted().collect(Collectors.joining(",")) + "); lose_etcd_data "
              + "empties a member's data"));
    } else if (target instanceof Target.WithRole withRole) {
      Optional<Role> role = Role.parse(withRole.role());
      if (role.isPresent() && fleet.nodes().stream().noneMatch(n -> n.roles().contains(role.get())
          && n.roles().contains(Role.ETCD))) {
        error(path, "no node with role " + withRole.role() + " runs an etcd member; lose_etcd_data empties a member's "
            + "data");
      }
    }
    return target;
  }

  /**
   * {@code delay: {latency: 400ms, jitter: 50ms, loss: 0.05, port: 2380, to: TARGET}}: a latency
   * up to a minute with a jitter not above it, a loss fraction below 1, or both.
   */
  private FaultSpec delay(JsonNode body, String path, Target target) {
    if (!body.isObject() || !body.has("port") || !body.has("latency") && !body.has("loss")) {
      error(path, "expected {latency: DURATION, port: PORT}, optionally with jitter: DURATION, loss: FRACTION and "
          + "to: TARGET (or loss instead of latency), e.g. {latency: 400ms, port: 2380}");
      return null;
    }
    unknownKeys(body, path, Set.of("latency", "jitter", "loss", "port", "to"));
    Duration latency = body.has("latency")
        ? bounded(body.get("latency"), YamlSource.child(path, "latency"), null, Duration.ofMinutes(1)) : Duration.ZERO;
    Duration jitter = body.has("jitter") ? duration(body.get("jitter"), YamlSource.child(path, "jitter")) : Duration.ZERO;
    if (latency != null && jitter != null && jitter.compareTo(latency) > 0) {
      error(YamlSource.child(path, "jitter"), "must be at most the latency (" + human(latency) + ")");
      return null;
    }
    Double loss = body.has("loss") ? reader.fraction(body.get("loss"), YamlSource.child(path, "loss")) : Double.valueOf(0);
    if (loss != null && loss >= 1) {
      error(YamlSource.child(path, "loss"), "must be below 1: a port that loses every packet is partition_port's");
      return null;
    }
    Integer port = port(body.get("port"), YamlSource.child(path, "port"));
    Optional<Target> to = Optional.empty();
    if (body.has("to")) {
      to = Optional.ofNullable(target(body.get("to"), YamlSource.child(path, "to"), false));
      if (to.isEmpty()) {
        return null;
      }
    }
    return latency == null || jitter == null || loss == null || port == null ? null
        : new FaultSpec.Delay(latency, jitter, loss, to, port, target);
  }

  /** A TCP port a fault acts on. */
  private Integer port(JsonNode node, String path) {
    return convert(node, path, v -> {
      if (!v.canConvertToInt() || v.asInt() < 1 || v.asInt() > 65535) {
        throw new IllegalArgumentException();
      }
      return v.asInt();
    }, "a TCP port, 1 to 65535 (e.g. 2380, etcd's peer port)");
  }

  /** disk_full fills a node's etcd disk: a named node, or every node of the role, must have one ({@code etcd_disk}). */
  private Target hasEtcdDisk(Target target, String path) {
    if (fleet == null) {
      return target;
    }
    String why = "; disk_full fills the etcd_disk a fleet node is given (e.g. {name: master-1, roles: [controlplane, "
        + "etcd], etcd_disk: 256Mi})";
    if (target instanceof Target.Named named) {
      fleet.nodes().stream().filter(n -> n.name().equals(named.name()) && n.etcdDisk().isEmpty()).findFirst()
          .ifPresent(n -> error(path, "\"" + n.name() + "\" has no etcd_disk" + why));
    } else if (target instanceof Target.WithRole withRole) {
      Optional<Role> role = Role.parse(withRole.role());
      List<String> without = fleet.nodes().stream().filter(n -> role.isPresent() && n.roles().contains(role.get())
          && n.etcdDisk().isEmpty()).map(NodeSpec::name).toList();
      if (!without.isEmpty()) {
        error(path, "nodes with role " + withRole.role() + " without an etcd_disk: " + String.join(", ", without) + why);
      }
    } else {
      List<String> without = fleet.nodes().stream().filter(n -> n.roles().contains(Role.ETCD) && n.etcdDisk().isEmpty())
          .map(NodeSpec::name).toList();
      if (!without.isEmpty()) {
        error(path, "the target is chosen while the scenario runs, and these etcd nodes have no etcd_disk: "
            + String.join(", ", without) + why);
      }
    }
    return target;
  }

  private Target target(JsonNode node, String path, boolean loadBalancer) {
    if (node == null) {
      if (loadBalancer) {
        return new Target.ActiveLoadBalancer();
      }
      error(path.substring(0, path.lastIndexOf('.')), "a fault needs a target: a node name, {role: R, count: N}, "
          + "{leader: kube-controller-manager|kube-scheduler}, {etcd_leader: true}, {engine: engine-N} or active_lb");
      return null;
    }
    if (node.isTextual()) {
      // stop_lb acts on a load balancer and every other fault on a node (Nemesis asks the fleet for one of them)
      String name = node.asText();
      if (name.equals("active_lb") && !loadBalancer) {
        error(path, "active_lb is a load balancer; only stop_lb acts on one");
      } else if (name.equals("active_lb")) {
        return new Target.ActiveLoadBalancer();
      } else if (!nodeNames.isEmpty() && !nodeNames.contains(name) && !lbNames.contains(name)) {
        error(path, "no fleet node or load balancer is called \"" + name + "\"; the fleet has "
            + String.join(", ", sorted(nodeNames, lbNames)));
      } else if (loadBalancer && nodeNames.contains(name)) {
        error(path, "\"" + name + "\" is a node; stop_lb acts on a load balancer" + (lbNames.isEmpty()
            ? ", and the fleet has no load_balancers"
            : ": active_lb or one of " + String.join(", ", sorted(lbNames, Set.of()))));
      } else if (!loadBalancer && lbNames.contains(name)) {
        error(path, "\"" + name + "\" is a load balancer; this fault acts on a node (stop_lb stops a load balancer)");
      }
      return new Target.Named(name);
    }
    if (loadBalancer) {
      error(path, "stop_lb acts on a load balancer: active_lb or a load balancer's name");
      return null;
    }
    if (!node.isObject()) {
      error(path, "expected a node name or a mapping");
      return null;
    }
    unknownKeys(node, path, Set.of("role", "count", "leader", "etcd_leader", "engine"));
    if (node.has("role")) {
      String role = text(node.get("role"), YamlSource.child(path, "role"));
      Optional<Role> parsed = Role.parse(role);
      if (parsed.isEmpty()) {
        error(YamlSource.child(path, "role"), "unknown role \"" + role + "\"; expected "
            + Role.choices());
      }
      int count = node.has("count") ? count(node.get("count"), YamlSource.child(path, "count")) : 1;
      // the targets are chosen among the cluster's nodes, which are fleet nodes: fewer can never be enough
      long having = fleet == null || parsed.isEmpty() ? count
          : fleet.nodes().stream().filter(n -> n.roles().contains(parsed.get())).count();
      if (count > having) {
        error(YamlSource.child(path, node.has("count") ? "count" : "role"), count + " nodes with role " + role
            + ", but the fleet has " + having);
      }
      return new Target.WithRole(role, count);
    }
    if (node.has("leader")) {
      String component = text(node.get("leader"), YamlSource.child(path, "leader"));
      if (!component.equals("kube-controller-manager") && !component.equals("kube-scheduler")) {
        error(YamlSource.child(path, "leader"), "leader of kube-controller-manager or kube-scheduler, not \""
            + component + "\"");
      }
      return new Target.LeaderOf(component);
    }
    if (node.path("etcd_leader").asBoolean(false)) {
      return new Target.EtcdLeader();
    }
    if (node.has("engine")) {
      return onEngine(node.get("engine"), YamlSource.child(path, "engine"));
    }
    error(path, "expected one of role, leader, etcd_leader, engine");
    return null;
  }

  /** {@code engine-N}: the N-th engine of the fleet file's {@code engines}. */
  private Target onEngine(JsonNode node, String path) {
    String engine = text(node, path);
    if (engine == null) {
      return null;
    }
    int engines = fleet == null ? 0 : fleet.engines().size();
    if (fleet != null && engines == 0) {
      error(path, "the fleet runs on the local engine alone; {engine: engine-N} names one of the fleet's engines");
      return null;
    }
    Matcher m = ENGINE_NAME.matcher(engine);
    if (!m.matches() || fleet != null && Integer.parseInt(m.group(1)) > engines) {
      error(path, "unknown engine \"" + engine + "\"; expected engine-1" + (engines > 1 ? " to engine-" + engines
          : "") + " (the fleet's engines, in the order listed)");
      return null;
    }
    return new Target.OnEngine(engine);
  }

  private ScenarioStep expect(String id, JsonNode body, String path) {
    if (!body.isObject()) {
      error(path, "expected a mapping: one check, and optionally from/to step ids");
      return null;
    }
    Set<String> checks = Set.of("availability", "latency", "gap", "fails", "no_lost_writes", "leadership_moved",
        "leader_changes", "nodes_ready", "node_not_ready", "no_node_not_ready", "restarted", "snapshot_present", "node_versions",
        "unschedulable_at_most", "pending_at_most", "scheduled_within", "linearizable");
    unknownKeys(body, path, union(checks, Set.of("id", "from", "to")));
    String from = reference(body, path, "from");
    String to = reference(body, path, "to");
    String which = only(body, checks, path);
    if (which == null) {
      return null;
    }
    JsonNode v = body.get(which);
    String at = YamlSource.child(path, which);
    if (v.isObject() && CHECK_KEYS.getOrDefault(which, Set.of("-")).isEmpty() && !v.isEmpty()) {
      error(at, which + " takes no arguments; write " + which + ": {}");
    } else if (v.isObject() && CHECK_KEYS.containsKey(which)) {
      unknownKeys(v, at, CHECK_KEYS.get(which));
    }
    judged(which, v, at);
    CheckSpec check = switch (which) {
      case "availability" -> new CheckSpec.Availability(probed(v, at), fraction(v.path("at_least"),
          YamlSource.child(at, "at_least")));
      case "latency" -> new CheckSpec.Latency(probed(v, at), percentile(v.path("percentile"),
          YamlSource.child(at, "percentile")), bounded(v.path("below"), YamlSource.child(at, "below"), null,
          LONGEST_STEP));
      case "gap" -> new CheckSpec.Gap(probed(v, at), bounded(v.path("below"), YamlSource.child(at, "below"), null,
          LONGEST_STEP));
      case "fails" -> new CheckSpec.Fails(probed(v, at));
      case "no_lost_writes" -> noLostWrites(v, at);
      case "leadership_moved" -> new CheckSpec.LeadershipMoved(leaderOf(v.path("component"),
          YamlSource.child(at, "component")), bounded(v.path("within"), YamlSource.child(at, "within"), null,
          LONGEST_STEP));
      case "leader_changes" -> new CheckSpec.LeaderChanges(leaderOf(v.path("component"),
          YamlSource.child(at, "component")), atMost(v.path("at_most"), YamlSource.child(at, "at_most")));
      case "nodes_ready" -> new CheckSpec.NodesReady(atMostFleet(count(v.path("count"), YamlSource.child(at, "count")),
          YamlSource.child(at, "count")), bounded(v.path("within"), YamlSource.child(at, "within"), null,
          LONGEST_STEP));
      case "node_not_ready" -> new CheckSpec.NodeNotReady(node(v.path("node"), YamlSource.child(at, "node")),
          bounded(v.path("within"), YamlSource.child(at, "within"), null, LONGEST_STEP));
      case "no_node_not_ready" -> new CheckSpec.NoNodeNotReady();
      case "restarted" -> new CheckSpec.Restarted(node(v.path("node"), YamlSource.child(at, "node")),
          text(v.path("container"), YamlSource.child(at, "container")));
      case "node_versions" -> new CheckSpec.NodeVersions(text(v.path("version"), YamlSource.child(at, "version")));
      case "unschedulable_at_most" -> new CheckSpec.UnschedulableAtMost(count(v.path("count"),
          YamlSource.child(at, "count")));
      case "pending_at_most" -> new CheckSpec.PendingAtMost(selector(v.path("selector"),
          YamlSource.child(at, "selector")), count(v.path("count"), YamlSource.child(at, "count")));
      case "scheduled_within" -> new CheckSpec.ScheduledWithin(selector(v.path("selector"),
          YamlSource.child(at, "selector")), bounded(v.path("within"), YamlSource.child(at, "within"), null,
          LONGEST_STEP));
      case "linearizable" -> linearizable(v, at);
      default -> new CheckSpec.SnapshotPresent();
    };
    return new ScenarioStep.Expect(id, check, new Window(from, to));
  }

  /** The probe whose samples each check judges, for the checks that name none. */
  private static final Map<String, ProbeKind> JUDGES = Map.of("no_lost_writes", ProbeKind.API_WRITE,
      "restarted", ProbeKind.CONTAINERS, "nodes_ready", ProbeKind.NODES, "node_not_ready", ProbeKind.NODES,
      "no_node_not_ready", ProbeKind.NODES, "node_versions", ProbeKind.NODES, "unschedulable_at_most", ProbeKind.NODES,
      "pending_at_most", ProbeKind.PODS, "scheduled_within", ProbeKind.PODS);

  /**
   * A check whose probe the scenario does not run could only ever be unknown: refused, naming
   * the probe to add (leadership_moved judges the etcd probe for etcd, else the leaders probe).
   */
  private void judged(String check, JsonNode body, String path) {
    ProbeKind kind = check.equals("leadership_moved") || check.equals("leader_changes")
        ? ("etcd".equals(body.path("component").asText()) ? ProbeKind.ETCD : ProbeKind.LEADERS)
        : JUDGES.get(check);
    if (kind != null && !probing.contains(kind)) {
      error(path, check + " judges the samples of the " + kind.key() + " probe, which the scenario does not run; "
          + "add it to probes, e.g. " + kind.key() + ": 1s");
    }
  }

  /** The keys of each check's mapping (no_lost_writes and linearizable read theirs themselves). */
  private static final Map<String, Set<String>> CHECK_KEYS = Map.ofEntries(
      Map.entry("availability", Set.of("probe", "at_least")),
      Map.entry("latency", Set.of("probe", "percentile", "below")),
      Map.entry("gap", Set.of("probe", "below")), Map.entry("fails", Set.of("probe")),
      Map.entry("leadership_moved", Set.of("component", "within")), Map.entry("leader_changes", Set.of("component",
          "at_most")), Map.entry("nodes_ready", Set.of("count", "within")),
      Map.entry("node_not_ready", Set.of("node", "within")), Map.entry("no_node_not_ready", Set.of()),
      Map.entry("restarted", Set.of("node", "container")), Map.entry("node_versions", Set.of("version")),
      Map.entry("unschedulable_at_most", Set.of("count")), Map.entry("snapshot_present", Set.of()),
      Map.entry("pending_at_most", Set.of("selector", "count")), Map.entry("scheduled_within", Set.of("selector", "within")));

  /** A bound of zero or more; a missing one is an error (0 is written as 0). */
  private int atMost(JsonNode node, String path) {
    Integer n = node.isMissingNode() ? null : reader.wholeNumber(node, path, 0);
    if (node.isMissingNode()) {
      error(path, "expected a whole number of at least 0");
    }
    return n == null ? 0 : n;
  }

  /** An equality label selector, {@code key=value[,key=value…]}, as the workload checks match it. */
  private String selector(JsonNode node, String path) {
    String selector = text(node, path);
    if (selector != null && !selector.matches("[A-Za-z0-9./_-]+=[A-Za-z0-9._-]*(,[A-Za-z0-9./_-]+=[A-Za-z0-9._-]*)*")) {
      error(path, "expected an equality label selector, key=value[,key=value...], got \"" + selector + "\"");
      return null;
    }
    return selector;
  }

  private ScenarioStep drill(String id, JsonNode body, String path) {
    if (!body.isObject() || !body.has("id")) {
      error(path, "expected a mapping: id, title, expect (survives, outage or refused) and why");
      return null;
    }
    unknownKeys(body, path, Set.of("id", "title", "expect", "why"));
    String expected = body.path("expect").asText("");
    Entry.Expected expectation = Entry.Expected.parse(expected).orElse(null);
    if (expectation == null) {
      error(YamlSource.child(path, "expect"), "expected survives, outage or refused, not \"" + expected + "\"");
      return null;
    }
    drillIds.add(id);
    return new ScenarioStep.Drill(id, body.path("title").asText(id), expectation, body.path("why").asText(""));
  }

  /** {@code no_lost_writes: {}} or {@code {may_lose: {from: STEP, to: STEP}}}. */
  private CheckSpec noLostWrites(JsonNode body, String path) {
    if (!body.isObject() || !body.has("may_lose")) {
      if (body.isObject()) {
        unknownKeys(body, path, Set.of("may_lose"));
      }
      return new CheckSpec.NoLostWrites();
    }
    unknownKeys(body, path, Set.of("may_lose"));
    JsonNode window = body.get("may_lose");
    String at = YamlSource.child(path, "may_lose");
    if (!window.isObject() || !window.has("from") || !window.has("to")) {
      error(at, "expected {from: STEP, to: STEP}: writes acknowledged from the start of one step to the end of the "
          + "other may be lost");
      return new CheckSpec.NoLostWrites();
    }
    unknownKeys(window, at, Set.of("from", "to"));
    return new CheckSpec.NoLostWrites(new CheckSpec.NoLostWrites.MayLose(reference(window, at, "from"),
        reference(window, at, "to")));
  }

  /** {@code linearizable: {probe: api_cas}}, optionally with {@code max_steps: N} (the bound on the search's work). */
  private CheckSpec linearizable(JsonNode body, String path) {
    if (!body.isObject()) {
      error(path, "expected a mapping, e.g. {probe: api_cas}");
      return null;
    }
    unknownKeys(body, path, Set.of("probe", "max_steps"));
    String at = YamlSource.child(path, "probe");
    if (!body.has("probe")) {
      error(path, "needs a probe: linearizable: {probe: api_cas}");
      return null;
    }
    Optional<ProbeKind> named = ProbeKind.parse(body.path("probe").asText());
    if (named.isEmpty()) {
      probe(body, path);  // says what probes there are
      return null;
    }
    if (named.get() != ProbeKind.API_CAS) {
      error(at, "linearizable judges the compare-and-set register of api_cas, not " + named.get().key());
      return null;
    }
    if (!probing.contains(ProbeKind.API_CAS)) {
      error(at, "the scenario's probes have no api_cas; add e.g. api_cas: {interval: 200ms, clients: 4}");
    }
    long maxSteps = Linearizability.DEFAULT_MAX_STEPS;
    if (body.has("max_steps")) {
      Integer n = reader.wholeNumber(body.get("max_steps"), YamlSource.child(path, "max_steps"), 1000);
      maxSteps = n == null ? maxSteps : n;
    }
    return new CheckSpec.Linearizable(ProbeKind.API_CAS, maxSteps);
  }

  private String reference(JsonNode body, String path, String key) {
    if (!body.has(key)) {
      return null;
    }
    String ref = body.get(key).asText();
    if (!ids.contains(ref)) {
      error(YamlSource.child(path, key), "no earlier step has id \"" + ref + "\"");
    }
    return ref;
  }

  private ScenarioStep editCluster(String id, JsonNode body, String path) {
    if (!body.isObject()) {
      error(path, "expected a mapping of edits: add_san, add_nodes, remove_nodes, set");
      return null;
    }
    unknownKeys(body, path, Set.of("id", "add_san", "add_nodes", "remove_nodes", "set"));
    List<ClusterEdit> edits = new ArrayList<>();
    if (body.has("add_san")) {
      edits.add(new ClusterEdit.AddSan(text(body.get("add_san"), YamlSource.child(path, "add_san"))));
    }
    if (body.has("add_nodes")) {
      edits.add(new ClusterEdit.AddNodes(nodes(body.get("add_nodes"), YamlSource.child(path, "add_nodes"))));
    }
    if (body.has("remove_nodes")) {
      edits.add(new ClusterEdit.RemoveNodes(nodes(body.get("remove_nodes"), YamlSource.child(path, "remove_nodes"))));
    }
    if (body.has("set")) {
      JsonNode set = body.get("set");
      if (!set.isObject()) {
        error(YamlSource.child(path, "set"), "expected a mapping of dotted path to value");
      } else {
        set.fields().forEachRemaining(e -> edits.add(new ClusterEdit.Set(e.getKey(), e.getValue().asText())));
      }
    }
    if (edits.isEmpty()) {
      error(path, "an edit_cluster step needs at least one edit");
    }
    return new ScenarioStep.EditCluster(id, edits);
  }

  private ScenarioStep kubectl(String id, JsonNode body, String path) {
    if (!body.isObject()) {
      error(path, "expected a mapping with args (a list), and optionally through_endpoint, expect_failure, output, "
          + "retry_for, stdin");
      return null;
    }
    unknownKeys(body, path, Set.of("id", "args", "through_endpoint", "expect_failure", "output", "retry_for", "stdin"));
    if (body.has("stdin") && !body.get("stdin").isTextual()) {
      error(YamlSource.child(path, "stdin"), "expected text (e.g. a manifest for apply -f -)");
    }
    List<String> args = names(body.path("args"), YamlSource.child(path, "args"));
    String pattern = body.has("output") ? body.get("output").asText() : null;
    if (pattern != null) {
      try {
        Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        error(YamlSource.child(path, "output"), "not a regular expression: " + e.getDescription());
      }
    }
    Duration retry = body.has("retry_for") ? bounded(body.get("retry_for"), YamlSource.child(path, "retry_for"), null,
        LONGEST_STEP) : Duration.ZERO;
    return new ScenarioStep.Kubectl(id, args, body.path("through_endpoint").asBoolean(false),
        body.path("expect_failure").asBoolean(false), pattern, retry, body.has("stdin") ? body.get("stdin").asText() : null);
  }

  private ProbeKind probe(JsonNode node, String path) {
    String key = node.isTextual() ? node.asText() : node.path("probe").asText();
    String at = node.isTextual() ? path : YamlSource.child(path, "probe");
    return ProbeKind.parse(key).orElseGet(() -> {
      error(at, "unknown probe \"" + key + "\"; expected one of " + ProbeKind.choices());
      return ProbeKind.API_READ;
    });
  }

  /** A probe the scenario runs: a check of one it does not run could only ever be unknown. */
  private ProbeKind probed(JsonNode node, String path) {
    ProbeKind kind = probe(node, path);
    if (ProbeKind.parse(node.isTextual() ? node.asText() : node.path("probe").asText()).isPresent()
        && !probing.contains(kind)) {
      error(node.isTextual() ? path : YamlSource.child(path, "probe"), "the scenario's probes have no "
          + kind.key() + "; add it to probes, e.g. " + kind.key() + ": 500ms");
    }
    return kind;
  }

  /** A number of nodes the fleet can have Ready at once: at most as many as it has. */
  private int atMostFleet(int count, String path) {
    if (fleet != null && count > fleet.nodes().size()) {
      error(path, count + " nodes, but the fleet has " + fleet.nodes().size());
    }
    return count;
  }

  private List<String> names(JsonNode node, String path) {
    return reader.names(node, path);
  }

  private String only(JsonNode body, Set<String> choices, String path) {
    return reader.onlyOne(body, choices, path);
  }

  private Duration duration(JsonNode node, String path) {
    return reader.duration(node, path);
  }

  /** A duration above zero (at least {@code least} when given) and at most {@code most}. */
  private Duration bounded(JsonNode node, String path, Duration least, Duration most) {
    Duration d = duration(node, path);
    if (d == null) {
      return null;
    }
    if (d.isZero() || d.isNegative() || least != null && d.compareTo(least) < 0) {
      error(path, "must be " + (least == null ? "more than 0" : "at least " + human(least)));
      return null;
    }
    if (d.compareTo(most) > 0) {
      error(path, "must be at most " + human(most));
      return null;
    }
    return d;
  }

  /** A clock offset: a duration with its sign, {@code -2h} behind or {@code +10m} ahead, not zero, at most 10 years. */
  private Duration skew(JsonNode node, String path) {
    String text = node.isTextual() ? node.asText().strip() : "";
    boolean behind = text.startsWith("-");
    Duration size;
    try {
      size = Durations.parse(text.replaceFirst("^[-+]", ""));
    } catch (IllegalArgumentException e) {
      size = null;
    }
    if (size == null || size.isZero() || size.toMillis() % 1000 != 0 || size.compareTo(Duration.ofDays(3650)) > 0) {
      error(path, "expected a clock offset with its sign, e.g. -2h (behind) or +10m (ahead): whole seconds, not zero, "
          + "at most 87600h");
      return null;
    }
    return behind ? size.negated() : size;
  }

  /** What has a leader to move: a lease holder, or etcd's Raft leader. */
  private String leaderOf(JsonNode node, String path) {
    String component = text(node, path);
    if (component != null && !List.of("kube-controller-manager", "kube-scheduler", "etcd").contains(component)) {
      error(path, "expected kube-controller-manager, kube-scheduler or etcd, not \"" + component + "\"");
    }
    return component;
  }

  private static String human(Duration d) {
    long ms = d.toMillis();
    return ms % 3_600_000 == 0 ? ms / 3_600_000 + "h" : ms % 60_000 == 0 ? ms / 60_000 + "m"
        : ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }

  private double percentile(JsonNode node, String path) {
    if (node.isMissingNode()) {
      return 99;
    }
    if (!node.isNumber() || node.asDouble() <= 0 || node.asDouble() > 100) {
      error(path, "expected a percentile above 0 and at most 100, e.g. 99");
      return 99;
    }
    return node.asDouble();
  }

  /** A fleet node's name. */
  private String node(JsonNode node, String path) {
    String name = text(node, path);
    if (name != null && !nodeNames.isEmpty() && !nodeNames.contains(name)) {
      error(path, "no fleet node is called \"" + name + "\"; the fleet has " + String.join(", ",
          sorted(nodeNames, Set.of())));
    }
    return name;
  }

  /** A list of fleet nodes' names. */
  private List<String> nodes(JsonNode node, String path) {
    List<String> names = names(node, path);
    for (int i = 0; i < names.size(); i++) {
      node(node.get(i), YamlSource.child(path, i));
    }
    return names;
  }

  /** A load balancer's name. */
  private String loadBalancer(JsonNode node, String path) {
    String name = text(node, path);
    if (name != null && !nodeNames.isEmpty() && !lbNames.contains(name)) {
      error(path, "no load balancer is called \"" + name + "\"; the fleet has "
          + (lbNames.isEmpty() ? "none" : String.join(", ", sorted(lbNames, Set.of()))));
    }
    return name;
  }

  private static List<String> sorted(Set<String> a, Set<String> b) {
    return union(a, b).stream().sorted().toList();
  }

  private int count(JsonNode node, String path) {
    Integer n = reader.wholeNumber(node, path, 1);
    return n == null ? 1 : n;
  }

  private double fraction(JsonNode node, String path) {
    Double f = reader.fraction(node, path);
    return f == null ? 1 : f;
  }

  private <T> T convert(JsonNode node, String path, Function<JsonNode, T> parse, String expected) {
    return reader.convert(node, path, parse, expected);
  }

  private String text(JsonNode node, String path) {
    return reader.text(node, path, "a name");
  }

  private void unknownKeys(JsonNode node, String path, Set<String> known) {
    reader.unknownKeys(node, path, known);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }

  private void error(String path, String message) {
    reader.error(path, message);
  }
}
