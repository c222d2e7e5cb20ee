package io.slipway.scenarios.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.slipway.engine.AtomicFiles;
import io.slipway.engine.BadInputException;
import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.Role;
import io.slipway.engine.config.Strictness;
import io.slipway.engine.up.Preflight;
import io.slipway.reports.history.Entry;
import io.slipway.simulator.fleet.EngineSpec;
import io.slipway.simulator.fleet.Misprepare;
import io.slipway.simulator.fleet.NodeSpec;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An audit of an operator's cluster.yml, planned: the topology, the fleet shaped like it, the
 * copy of the file to deploy, the drills chosen, and the scenario files that say all of it —
 * {@code audit.yaml} (deploy once, then every chosen drill in turn, each ending healed) and
 * {@code drills/NAME.yaml} (one drill on a fleet of its own, to keep, edit and rerun). The runner
 * rehearses them like any scenario file; nothing here starts a container.
 */
public final class AuditPlan {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final YAMLMapper YAML = YAMLMapper.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .build();

  /** Which drills to run: {@code quick} (the default), {@code all}, or drill names, comma-separated. */
  public record Selection(String spec) {
    public static final Selection QUICK = new Selection("quick");

    List<Drill> pick(List<Drill> catalogue) {
      if (spec.equals("quick")) {
        return catalogue.stream().filter(Drill::quick).toList();
      }
      if (spec.equals("all")) {
        return catalogue;
      }
      Set<String> wanted = new LinkedHashSet<>(List.of(spec.split(",")));
      wanted.removeIf(String::isBlank);
      List<String> known = catalogue.stream().map(Drill::id).toList();
      List<String> unknown = wanted.stream().map(String::strip).filter(w -> !known.contains(w)).toList();
      if (!unknown.isEmpty() || wanted.isEmpty()) {
        throw new BadInputException("--drills " + spec + ": no drill " + String.join(", ", unknown)
            + " for this topology; its drills: quick, all, " + String.join(", ", known));
      }
      return catalogue.stream().filter(d -> wanted.contains(d.id())).toList();
    }
  }

  private final Topology topology;
  private final FleetShape shape;
  private final ClusterCopy copy;
  private final List<Drill> catalogue;
  private final List<Drill> chosen;
  private final List<Drill> misprepared;
  private final long seed;

  private AuditPlan(Topology topology, FleetShape shape, ClusterCopy copy, List<Drill> catalogue, List<Drill> chosen,
      List<Drill> misprepared, long seed) {
    this.topology = topology;
    this.shape = shape;
    this.copy = copy;
    this.catalogue = catalogue;
    this.chosen = chosen;
    this.misprepared = misprepared;
    this.seed = seed;
  }

  /**
   * Plans the audit of {@code clusterFile}; a file RKE would refuse is a
   * {@link io.slipway.engine.config.ConfigException} with every problem at its line and column,
   * and an option that does not fit the file a {@link BadInputException}.
   */
  public static AuditPlan of(Path clusterFile, Selection selection, Capacities capacities, boolean floatingAddress,
      long seed) {
    return of(clusterFile, selection, capacities, floatingAddress, List.of(), seed);
  }

  /**
   * The audit, with nodes left unprepared on purpose first ({@code NODE=swap|port-closed|no-key},
   * NODE a node's name in the fleet, hostname_override or address): each a drill in which
   * {@code up} must refuse that node before the cluster is deployed.
   */
  public static AuditPlan of(Path clusterFile, Selection selection, Capacities capacities, boolean floatingAddress,
      List<String> misprepare, long seed) {
    ConfigLoader.Loaded loaded = ConfigLoader.load(clusterFile, Strictness.LENIENT);
    Topology topology = Topology.of(clusterFile, loaded.config(), loaded.source().root(), floatingAddress);
    if (floatingAddress && topology.lbAddresses().isEmpty()) {
      throw new BadInputException("--floating-address: " + clusterFile + " has no address in authentication.sans "
          + "that is no node's, so there is no load-balancer address to float");
    }
    if (topology.controlplane() == 0 || topology.etcd() == 0) {
      throw new BadInputException(clusterFile + " needs a controlplane and an etcd node to be audited");
    }
    FleetShape shape;
    try {
      shape = FleetShape.of(topology, capacities);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage());
    }
    List<Drill> catalogue = DrillCatalogue.of(topology);
    List<Drill> misprepared = new ArrayList<>();
    for (String spec : misprepare) {
      misprepared.add(misprepared(topology, loaded, spec));
    }
    return new AuditPlan(topology, shape, ClusterCopy.of(topology, shape), catalogue, selection.pick(catalogue),
        misprepared, seed);
  }

  private static Drill misprepared(Topology topology, ConfigLoader.Loaded loaded, String spec) {
    int eq = spec.indexOf('=');
    if (eq < 0) {
      throw new BadInputException("--misprepare " + spec + ": expected NODE=" + Misprepare.choices().replace(", ", "|"));
    }
    String name = spec.substring(0, eq).strip();
    Topology.Member node = topology.members().stream().filter(m -> m.name().equals(name)
        || name.equals(m.node().hostname()) || name.equals(m.node().address())).findFirst()
        .orElseThrow(() -> new BadInputException("--misprepare " + spec + ": no node " + name + "; the nodes: "
            + topology.members().stream().map(Topology.Member::name).collect(Collectors.joining(", "))));
    Misprepare how = Misprepare.parse(spec.substring(eq + 1).strip()).orElseThrow(() -> new BadInputException(
        "--misprepare " + spec + ": expected one of " + Misprepare.choices() + " after NODE="));
    if (how == Misprepare.SWAP && !Preflight.refusesSwap(loaded.config())) {
      throw new BadInputException("--misprepare " + spec + ": your cluster.yml leaves services.kubelet.fail_swap_on "
          + "false (RKE's default), so the kubelet runs with swap on and up has nothing to refuse");
    }
    if (how == Misprepare.PORT_CLOSED && topology.members().size() < 2) {
      throw new BadInputException("--misprepare " + spec + ": one node has no other to be cut off from");
    }
    return DrillCatalogue.misprepared(topology, node, how);
  }

  public Topology topology() {
    return topology;
  }

  /**
   * The same audit with the copy's fleet spread over {@code engines} (docs/fleet.md); refused
   * for a floating address, which cannot move between engines.
   */
  public AuditPlan spreadOver(List<EngineSpec> engines) {
    if (shape.fleet().floatingAddress()) {
      throw new BadInputException("--floating-address and --engines: a floating address cannot move between Docker "
          + "engines (the overlay carries no VRRP multicast); spread over engines, the copy's clients use the first "
          + "load balancer");
    }
    FleetShape spread = new FleetShape(shape.fleet().withEngines(engines), shape.loadBalancers(), shape.addresses());
    return new AuditPlan(topology, spread, copy, catalogue, chosen, misprepared, seed);
  }

  public FleetShape shape() {
    return shape;
  }

  public ClusterCopy copy() {
    return copy;
  }

  public List<Drill> catalogue() {
    return catalogue;
  }

  public List<Drill> chosen() {
    return chosen;
  }

  /** The drills of nodes left unprepared on purpose, run before the cluster is deployed. */
  public List<Drill> misprepared() {
    return misprepared;
  }

  /** The cluster's name as run folders and fleets are named. */
  public String name() {
    return shape.fleet().name();
  }

  /** The audit: deploy, wait for every node, then each chosen drill. */
  public ObjectNode auditScenario() {
    List<Drill> all = new ArrayList<>(misprepared);
    all.addAll(chosen);
    ObjectNode scenario = head("audit-" + name(), "The HA audit of " + topology.source() + ": "
        + topology.describe() + ". Drills: " + all.stream().map(Drill::id).collect(Collectors.joining(", ")) + ".");
    ArrayNode steps = scenario.putArray("steps");
    misprepared.forEach(d -> d.steps().forEach(s -> steps.add(s.deepCopy())));
    deploy(scenario, steps);
    chosen.forEach(d -> d.steps().forEach(s -> steps.add(s.deepCopy())));
    scenario.set("audit", audit(all));
    return scenario;
  }

  /** One drill alone, on a fleet of its own: deploy, wait for every node, the drill. */
  public ObjectNode drillScenario(Drill drill) {
    ObjectNode scenario = head(name() + "-" + drill.id(), drill.title() + " on a copy of " + topology.source()
        + " (" + topology.describe() + "). Expected: " + drill.expected().key() + ", because " + drill.why() + ".");
    ArrayNode steps = deploy(scenario);
    drill.steps().forEach(s -> steps.add(s.deepCopy()));
    scenario.set("audit", audit(List.of(drill)));
    return scenario;
  }

  /** The copy deployed and left running: no drills, no probes. */
  public ObjectNode exploreScenario() {
    ObjectNode scenario = head("explore-" + name(), "A copy of " + topology.source() + " to explore: "
        + topology.describe() + ".");
    scenario.remove("probes");
    deploy(scenario);
    scenario.set("audit", audit(List.of()));
    return scenario;
  }

  /** Writes {@code audit.yaml}, {@code drills/*.yaml} (every drill of the catalogue) and a copy of the operator's file. */
  public Path write(Path runDir) {
    Path audit = runDir.resolve("audit.yaml");
    AtomicFiles.write(audit, yaml(auditScenario(), "The audit as a scenario file: rerun it with "
        + "`slipway rehearse " + audit + "`."), "rw-r--r--");
    for (Drill drill : catalogue) {
      Path file = runDir.resolve("drills").resolve(drill.id() + ".yaml");
      AtomicFiles.write(file, yaml(drillScenario(drill), "One drill of the audit on a fleet of its own: "
          + "`slipway rehearse " + file + "`."), "rw-r--r--");
    }
    return audit;
  }

  /** Writes the explore scenario and returns its file. */
  public Path writeExplore(Path runDir) {
    Path file = runDir.resolve("explore.yaml");
    AtomicFiles.write(file, yaml(exploreScenario(), "A copy of the operator's cluster, deployed and left running."),
        "rw-r--r--");
    return file;
  }

  private ObjectNode head(String scenarioName, String description) {
    ObjectNode scenario = F.objectNode();
    scenario.put("name", scenarioName);
    scenario.put("description", description);
    scenario.put("seed", seed);
    scenario.set("fleet", fleet());
    scenario.set("cluster", copy.cluster().deepCopy());
    scenario.set("probes", F.objectNode().put("api_read", "250ms").put("api_write", "250ms").put("nodes", "1s")
        .put("etcd", "1s").put("containers", "2s"));
    return scenario;
  }

  private ArrayNode deploy(ObjectNode scenario) {
    return deploy(scenario, scenario.putArray("steps"));
  }

  private ArrayNode deploy(ObjectNode scenario, ArrayNode steps) {
    steps.add(F.objectNode().set("up", F.objectNode().put("id", "deploy")));
    steps.add(F.objectNode().set("wait_until", F.objectNode().put("id", "deployed")
        .put("nodes_ready", topology.members().size()).put("timeout", "180s")));
    return steps;
  }

  private ObjectNode fleet() {
    ObjectNode fleet = F.objectNode();
    ArrayNode nodes = fleet.putArray("nodes");
    for (NodeSpec node : shape.fleet().nodes()) {
      ObjectNode entry = nodes.addObject().put("name", node.name());
      ArrayNode roles = entry.putArray("roles");
      node.roles().stream().sorted().map(Role::yamlName).forEach(roles::add);
      entry.putObject("capacity").put("cpu", node.capacity().cpu().toString())
          .put("memory", node.capacity().memory().toString())
          .put("ephemeral-storage", node.capacity().ephemeralStorage().toString());
      if (node.sshPort() != NodeSpec.SSH_PORT) {
        entry.put("port", node.sshPort());
      }
      if (!node.user().equals(NodeSpec.ROOT)) {
        entry.put("user", node.user());
      }
    }
    if (!shape.loadBalancers().isEmpty()) {
      ArrayNode lbs = fleet.putArray("load_balancers");
      shape.loadBalancers().forEach(lbs::add);
    }
    if (shape.fleet().floatingAddress()) {
      fleet.put("floating_address", true);
    }
    if (!shape.fleet().hostNames().isEmpty()) {
      ObjectNode names = fleet.putObject("host_names");
      shape.fleet().hostNames().forEach(names::put);
    }
    if (!shape.fleet().engines().isEmpty()) {
      ArrayNode engines = fleet.putArray("engines");
      for (EngineSpec engine : shape.fleet().engines()) {
        ObjectNode entry = engines.addObject().put("host", engine.endpoint().toString());
        engine.certificates().ifPresent(tls -> entry.put("tls", tls.toAbsolutePath().toString()));
        if (engine.weight() != 1) {
          entry.put("weight", engine.weight());
        }
      }
    }
    return fleet;
  }

  private ObjectNode audit(List<Drill> drills) {
    ObjectNode audit = F.objectNode();
    audit.put("source", topology.source().toAbsolutePath().normalize().toString());
    List<String> notes = new ArrayList<>(topology.notes());
    audit.put("topology", topology.describe() + (notes.isEmpty() ? "" : ". " + String.join(". ", notes)));
    ArrayNode spofs = audit.putArray("single_points_of_failure");
    topology.singlePointsOfFailure().forEach(spofs::add);
    if (!drills.isEmpty()) {
      ArrayNode ids = audit.putArray("drills");
      drills.forEach(d -> ids.add(d.id()));
    }
    ArrayNode addresses = audit.putArray("addresses");
    for (Entry.Audit.Address a : shape.addresses()) {
      addresses.addObject().put("operator", a.operator()).put("fleet", a.fleet()).put("what", a.what());
    }
    ArrayNode changes = audit.putArray("changes");
    for (Entry.Audit.Difference d : copy.changes()) {
      changes.addObject().put("key", d.key()).put("from", d.from()).put("to", d.to()).put("why", d.why());
    }
    return audit;
  }

  private static String yaml(ObjectNode scenario, String comment) {
    try {
      return "# " + comment + "\n" + YAML.writeValueAsString(scenario);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
