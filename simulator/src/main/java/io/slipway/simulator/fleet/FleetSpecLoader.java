package io.slipway.simulator.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.engine.config.Addresses;
import io.slipway.engine.config.ConfigException;
import io.slipway.engine.config.FieldReader;
import io.slipway.engine.config.Problem;
import io.slipway.engine.config.Quantity;
import io.slipway.engine.config.Role;
import io.slipway.engine.config.YamlSource;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a fleet file. Every problem is collected with its line, column and key path before
 * anything starts; unknown keys are errors because a typo would silently change the fleet.
 *
 * <pre>
 * name: reference            # optional; --name overrides it
 * nodes:
 *   - name: master-1         # a DNS-1123 label
 *     roles: [controlplane, etcd]
 *     capacity: {cpu: "4", memory: 8Gi, ephemeral-storage: 50Gi}
 *     port: 2222             # optional: where its sshd listens (default 22)
 *     user: rke              # optional: who the fleet's key logs in as (default root; others join docker)
 *     etcd_disk: 256Mi       # optional: /var/lib/etcd on a file system of this size, which disk_full fills
 *                            # (memory-backed; etcd preallocates two 64 MB WAL files of it)
 * load_balancers: [lb-1, lb-2]  # optional: nginx in front of the controlplane nodes
 * floating_address: true       # optional: keepalived moves one address between them
 * host_names: {api.example.com: lb-1}   # optional: names every node resolves (to a node, an LB or floating_address)
 * engines:                   # optional: Docker engines to spread the nodes over (default: the local one)
 *   - host: tcp://10.254.0.11:2376
 *     tls: /var/lib/slipway/engines   # optional: ca.pem, cert.pem, key.pem (DOCKER_CERT_PATH)
 *     weight: 2                       # optional: its share of the nodes (default 1)
 * </pre>
 */
public final class FleetSpecLoader {

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Set<String> TOP_KEYS = Set.of("name", "nodes", "load_balancers", "floating_address",
      "host_names", "engines");
  private static final Set<String> ENGINE_KEYS = Set.of("host", "tls", "weight");
  private static final Set<String> NODE_KEYS = Set.of("name", "roles", "capacity", "port", "user", "etcd_disk");
  private static final Quantity SMALLEST_ETCD_DISK = Quantity.parse("192Mi");
  private static final Quantity LARGEST_ETCD_DISK = Quantity.parse("4Gi");
  private static final Set<String> CAPACITY_KEYS = Set.of("cpu", "memory", "ephemeral-storage");

  private final FieldReader reader;
  private final YamlSource source;
  private final String base;

  private FleetSpecLoader(FieldReader reader, String base) {
    this.reader = reader;
    this.source = reader.source();
    this.base = base;
  }

  /** Loads and validates; a bad file is a {@link ConfigException} holding every problem. */
  public static FleetSpec load(Path file) {
    return complete(new FieldReader(YamlSource.read(file)));
  }

  public static FleetSpec parse(String fileName, String yaml) {
    return complete(new FieldReader(YamlSource.parse(fileName, yaml)));
  }

  private static FleetSpec complete(FieldReader reader) {
    FleetSpec spec = new FleetSpecLoader(reader, "").spec();
    if (spec == null || !reader.ok()) {  // also a problem of the YAML itself, e.g. a duplicate key
      throw new ConfigException(reader.problems());
    }
    return spec;
  }

  /** The {@code engines:} of a file holding only them (a spread fleet's engines.yml). */
  public static List<EngineSpec> engines(Path file) {
    FieldReader reader = new FieldReader(YamlSource.read(file));
    FleetSpecLoader loader = new FleetSpecLoader(reader, "");
    loader.unknownKeys(loader.source.root(), "", Set.of("engines"));
    List<EngineSpec> engines = loader.engines(loader.source.root().path("engines"));
    if (!reader.ok()) {
      throw new ConfigException(reader.problems());
    }
    return engines;
  }

  /**
   * The fleet under key path {@code path} of a larger file (a scenario's {@code fleet}), its
   * problems recorded in {@code reader} with the rest of that file's; null when it has errors.
   */
  public static FleetSpec within(FieldReader reader, String path) {
    return new FleetSpecLoader(reader, path).spec();
  }

  private int errors() {
    return (int) reader.problems().stream().filter(Problem::isError).count();
  }

  /** The fleet, or null when this part of the file has errors (all of them recorded). */
  private FleetSpec spec() {
    int before = errors();
    JsonNode root = base.isEmpty() ? source.root() : source.node(base);
    if (!root.isObject()) {
      error(base, "expected a mapping with keys name and nodes");
      return null;
    }
    unknownKeys(root, base, TOP_KEYS);
    String name = root.has("name") ? fleetName(root.get("name"), at("name")) : "fleet";
    List<NodeSpec> nodes = new ArrayList<>();
    JsonNode list = root.path("nodes");
    if (!list.isArray() || list.isEmpty()) {
      error(root.has("nodes") ? at("nodes") : base, "a fleet needs a non-empty list of nodes");
    } else {
      Map<String, String> seen = new HashMap<>();
      for (int i = 0; i < list.size(); i++) {
        String path = YamlSource.child(at("nodes"), i);
        NodeSpec node = node(list.get(i), path);
        JsonNode nodeName = list.get(i).path("name");
        if (nodeName.isTextual()) {
          String first = seen.putIfAbsent(nodeName.asText(), path);
          if (first != null) {
            error(YamlSource.child(path, "name"),
                "duplicate node name \"" + nodeName.asText() + "\"; " + first + " has it already");
          }
        }
        if (node != null) {
          nodes.add(node);
        }
      }
    }
    if (list.isArray() && list.size() > FleetNetwork.MAX_NODES) {
      error(at("nodes"), list.size() + " nodes; at most " + FleetNetwork.MAX_NODES + " fit a fleet network");
    }
    List<String> loadBalancers = new ArrayList<>();
    JsonNode lbs = root.path("load_balancers");
    if (!lbs.isMissingNode() && !lbs.isArray()) {
      error(at("load_balancers"), "expected a list of load-balancer node names");
    }
    for (int i = 0; lbs.isArray() && i < lbs.size(); i++) {
      String path = YamlSource.child(at("load_balancers"), i);
      String lbName = label(lbs.get(i), path);
      if (nodes.stream().anyMatch(n -> n.name().equals(lbName)) || loadBalancers.contains(lbName)) {
        error(path, "duplicate node name \"" + lbName + "\"");
      }
      loadBalancers.add(lbName);
    }
    if (loadBalancers.size() > FleetNetwork.MAX_LOAD_BALANCERS) {
      error(at("load_balancers"), "at most " + FleetNetwork.MAX_LOAD_BALANCERS + " load balancers fit a fleet network");
    }
    JsonNode floating = root.path("floating_address");
    boolean floatingAddress = false;
    if (!floating.isMissingNode()) {
      if (!floating.isBoolean()) {
        error(at("floating_address"), "expected true or false");
      } else if (floating.booleanValue() && loadBalancers.isEmpty()) {
        error(at("floating_address"), "a floating address needs load_balancers");
      } else {
        floatingAddress = floating.booleanValue();
      }
    }
    Map<String, String> hostNames = new LinkedHashMap<>();
    JsonNode hosts = root.path("host_names");
    if (!hosts.isMissingNode() && !hosts.isObject()) {
      error(at("host_names"), "expected a mapping of DNS name to a node, a load balancer or floating_address");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = hosts.fields(); hosts.isObject() && it.hasNext(); ) {
      Map.Entry<String, JsonNode> host = it.next();
      String path = YamlSource.child(at("host_names"), host.getKey());
      String target = host.getValue().asText();
      boolean known = nodes.stream().anyMatch(n -> n.name().equals(target)) || loadBalancers.contains(target)
          || floatingAddress && target.equals(FleetSpec.FLOATING_ADDRESS);
      if (!Addresses.isDnsName(host.getKey())) {
        reader.add(Problem.error(source.keyAt(path), path, "\"" + host.getKey() + "\" is not a DNS name"));
      } else if (!known) {
        error(path, "\"" + target + "\" is no node or load balancer of the fleet"
            + (floatingAddress ? "" : " (floating_address needs floating_address: true)"));
      } else {
        hostNames.put(host.getKey(), target);
      }
    }
    List<EngineSpec> engines = engines(root.path("engines"));
    if (!engines.isEmpty() && floatingAddress) {
      // keepalived's VRRP is multicast, which an overlay does not carry, and the overlay answers
      // ARP only for the addresses Docker assigned: an address keepalived moves reaches no other engine
      error(at("floating_address"), "a floating address cannot move between Docker engines (the overlay carries no "
          + "VRRP multicast and knows only the addresses Docker assigned); leave it out and clients use the first "
          + "load balancer");
    }
    return errors() > before ? null : new FleetSpec(name, nodes, loadBalancers, floatingAddress, hostNames, engines);
  }

  private List<EngineSpec> engines(JsonNode list) {
    List<EngineSpec> engines = new ArrayList<>();
    if (list.isMissingNode()) {
      return engines;
    }
    if (!list.isArray() || list.isEmpty()) {
      error(at("engines"), "expected a non-empty list of engines, each {host: tcp://HOST:PORT, tls: DIR, weight: N}");
      return engines;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String path = YamlSource.child(at("engines"), i);
      JsonNode engine = list.get(i);
      if (!engine.isObject()) {
        error(path, "expected a mapping with keys host, tls and weight");
        continue;
      }
      unknownKeys(engine, path, ENGINE_KEYS);
      String hostAt = YamlSource.child(path, "host");
      URI endpoint = engine.path("host").isTextual() ? tcpEndpoint(engine.get("host").asText()) : null;
      if (endpoint == null) {
        error(engine.has("host") ? hostAt : path, "expected host: tcp://HOST:PORT, the engine's TCP endpoint");
      } else if (!seen.add(endpoint.getHost() + ":" + endpoint.getPort())) {
        error(hostAt, endpoint + " is listed twice");
      }
      Optional<Path> tls = Optional.empty();
      if (engine.has("tls")) {
        String tlsAt = YamlSource.child(path, "tls");
        if (!engine.get("tls").isTextual() || engine.get("tls").asText().isBlank()) {
          error(tlsAt, "expected the folder holding the engine's client certificate (ca.pem, cert.pem, key.pem)");
        } else {
          tls = Optional.of(Path.of(engine.get("tls").asText()));  // its files are read when the fleet starts
        }
      }
      int weight = 1;
      if (engine.has("weight")) {
        JsonNode value = engine.get("weight");
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < 1
            || value.intValue() > EngineSpec.MAX_WEIGHT) {
          error(YamlSource.child(path, "weight"), "expected a whole number from 1 to " + EngineSpec.MAX_WEIGHT);
        } else {
          weight = value.intValue();
        }
      }
      if (endpoint != null) {
        engines.add(new EngineSpec(endpoint, tls, weight));
      }
    }
    return engines;
  }

  private static URI tcpEndpoint(String text) {
    try {
      URI uri = new URI(text);
      return "tcp".equals(uri.getScheme()) && uri.getHost() != null && uri.getPort() > 0
          && (uri.getPath() == null || uri.getPath().isEmpty()) ? uri : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private String at(String key) {
    return YamlSource.child(base, key);
  }

  private NodeSpec node(JsonNode node, String path) {
    if (!node.isObject()) {
      error(path, "expected a mapping with keys name, roles and capacity");
      return null;
    }
    unknownKeys(node, path, NODE_KEYS);
    String name = node.has("name") ? label(node.get("name"), YamlSource.child(path, "name")) : null;
    if (!node.has("name")) {
      error(path, "a node needs a name");
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    JsonNode roleList = node.path("roles");
    String rolesPath = YamlSource.child(path, "roles");
    if (!roleList.isMissingNode() && !roleList.isArray()) {
      error(rolesPath, "expected a list of roles (" + Role.choices() + ")");
    } else if (roleList.isMissingNode() || roleList.isEmpty()) {
      // as RKE refuses a node without a role: it would run nothing
      error(roleList.isMissingNode() ? path : rolesPath, "a node needs at least one role: " + Role.choices());
    }
    for (int i = 0; roleList.isArray() && i < roleList.size(); i++) {
      String text = roleList.get(i).asText();
      String rolePath = YamlSource.child(rolesPath, i);
      Role.parse(text).ifPresentOrElse(roles::add,
          () -> error(rolePath, "unknown role \"" + text + "\"; expected " + Role.choices()));
    }
    Capacity capacity = capacity(node.path("capacity"), YamlSource.child(path, "capacity"));
    int port = NodeSpec.SSH_PORT;
    if (node.has("port")) {
      JsonNode value = node.get("port");
      if (!value.canConvertToInt() || value.asInt() < 1 || value.asInt() > 65535) {
        error(YamlSource.child(path, "port"), "expected a TCP port, 1-65535");
        return null;
      }
      port = value.asInt();
    }
    String user = NodeSpec.ROOT;
    if (node.has("user")) {
      user = node.get("user").asText();
      if (!node.get("user").isTextual() || !NodeSpec.isUserName(user)) {
        error(YamlSource.child(path, "user"), "\"" + user + "\" is not a user name (lower case, at most 32)");
        return null;
      }
    }
    Optional<Quantity> etcdDisk = Optional.empty();
    if (node.has("etcd_disk")) {
      String at = YamlSource.child(path, "etcd_disk");
      etcdDisk = Optional.ofNullable(etcdDisk(node.get("etcd_disk"), at));
      if (etcdDisk.isEmpty()) {
        return null;
      }
      if (!roles.contains(Role.ETCD)) {
        error(at, "only a node with the etcd role has etcd data to keep on a disk of its own");
        return null;
      }
    }
    return name == null || capacity == null ? null : new NodeSpec(name, roles, capacity, port, user, etcdDisk);
  }

  private Quantity etcdDisk(JsonNode value, String path) {
    try {
      Quantity size = Quantity.parse(value.asText());
      if (value.isTextual() && size.compareTo(SMALLEST_ETCD_DISK) >= 0 && size.compareTo(LARGEST_ETCD_DISK) <= 0) {
        return size;
      }
    } catch (IllegalArgumentException notAQuantity) {
      // said below
    }
    error(path, "expected a size from " + SMALLEST_ETCD_DISK + " to " + LARGEST_ETCD_DISK
        + ", e.g. 256Mi (etcd preallocates two 64 MB WAL files)");
    return null;
  }

  private Capacity capacity(JsonNode node, String path) {
    if (node.isMissingNode()) {
      return Capacity.DEFAULT;
    }
    if (!node.isObject()) {
      error(path, "expected a mapping with keys cpu, memory and ephemeral-storage");
      return null;
    }
    unknownKeys(node, path, CAPACITY_KEYS);
    Quantity cpu = quantity(node, path, "cpu", Capacity.DEFAULT.cpu());
    Quantity memory = quantity(node, path, "memory", Capacity.DEFAULT.memory());
    Quantity storage = quantity(node, path, "ephemeral-storage", Capacity.DEFAULT.ephemeralStorage());
    return cpu == null || memory == null || storage == null ? null : new Capacity(cpu, memory, storage);
  }

  private Quantity quantity(JsonNode parent, String parentPath, String key, Quantity fallback) {
    JsonNode value = parent.get(key);
    if (value == null) {
      return fallback;
    }
    try {
      Quantity quantity = Quantity.parse(value.asText());
      if (quantity.compareTo(Quantity.parse("0")) <= 0) {
        error(YamlSource.child(parentPath, key), "must be more than 0; the stand-in kubelet reports it as the node's "
            + key + " capacity");
        return null;
      }
      return quantity;
    } catch (IllegalArgumentException e) {
      error(YamlSource.child(parentPath, key), e.getMessage());
      return null;
    }
  }

  private String label(JsonNode value, String path) {
    String text = value.asText();
    if (!value.isTextual() || !DNS_LABEL.matcher(text).matches()) {
      error(path, "\"" + text + "\" is not a DNS-1123 label (lower-case letters, digits and '-', "
          + "starting and ending with a letter or digit, at most 63 characters)");
    }
    return text;
  }

  private String fleetName(JsonNode value, String path) {
    String name = label(value, path);
    if (DNS_LABEL.matcher(name).matches() && name.length() > FleetSpec.MAX_NAME) {
      error(path, "\"" + name + "\" is " + name.length() + " characters; a fleet name has at most " + FleetSpec.MAX_NAME
          + " (as `slipway fleet up --name` and `fleet down --name` take it)");
    }
    return name;
  }

  private void unknownKeys(JsonNode node, String path, Set<String> known) {
    reader.unknownKeys(node, path, known);
  }

  private void error(String path, String message) {
    reader.error(path, message);
  }
}
