package io.slipway.scenarios.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.slipway.scenarios.model.ClusterEdit;
import io.slipway.simulator.fleet.ClusterSkeleton;
import io.slipway.simulator.fleet.Fleet;
import io.slipway.simulator.fleet.FleetNode;
import io.slipway.simulator.fleet.SshEndpoint;
import io.slipway.simulator.image.SlipwayImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cluster.yml a scenario deploys: its {@code cluster} mapping with the fleet filled in —
 * {@code nodes} (every fleet node, or the names listed) as RKE node entries (full entries, as an
 * audit's copy of an operator's file has them, are kept as written), the fleet's SSH key,
 * the fleet registry's images — and {@code ${lb}}, {@code ${lb:NAME}}, {@code ${node:NAME}}
 * placeholders replaced by addresses. Kept as a tree so edits apply before the next {@code up}.
 */
final class ClusterFile {

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(lb|node)(?::([a-z0-9-]+))?}");

  private final Fleet fleet;
  private final ObjectNode tree;
  private final Path file;

  private ClusterFile(Fleet fleet, ObjectNode tree, Path file) {
    this.fleet = fleet;
    this.tree = tree;
    this.file = file;
  }

  static ClusterFile create(ObjectNode scenarioCluster, Fleet fleet, Path file) {
    ClusterFile cluster = new ClusterFile(fleet, scenarioCluster.deepCopy(), file);
    List<String> names = new ArrayList<>();
    boolean fullEntries = false;
    if (cluster.tree.path("nodes").isArray()) {
      for (JsonNode node : cluster.tree.get("nodes")) {
        fullEntries |= node.isObject();
        names.add(node.isObject() ? node.path("hostname_override").asText() : node.asText());
      }
    } else {
      fleet.nodes().forEach(n -> names.add(n.name()));
    }
    // the fleet's own skeleton for the nodes named; what the scenario sets besides wins
    ObjectNode skeleton = ClusterSkeleton.of(fleet.name(), fleet.privateKey(), names.stream().map(fleet::node).toList(),
        fleet.imageReference(SlipwayImage.COMPONENTS), fleet.imageReference(SlipwayImage.WORKLOAD));
    if (!fullEntries) {
      cluster.tree.set("nodes", skeleton.get("nodes"));
    }
    for (String key : List.of("cluster_name", "kubernetes_version")) {
      if (!cluster.tree.has(key)) {
        cluster.tree.set(key, skeleton.get(key));
      }
    }
    cluster.tree.set("ssh_key_path", skeleton.get("ssh_key_path"));
    cluster.tree.with("system_images").setAll((ObjectNode) skeleton.get("system_images"));
    cluster.substitute(cluster.tree);
    if (fullEntries) {
      cluster.reachAsTheFleetSays();
    }
    cluster.write();
    return cluster;
  }

  /**
   * A full node entry (an audit's copy of an operator's file) names its fake node by internal
   * address; where this machine reaches that node elsewhere (a node on another Docker engine,
   * behind its published sshd), the entry takes that {@code address} and {@code port}, and the
   * internal address becomes its {@code internal_address}, as RKE describes a machine behind NAT.
   */
  private void reachAsTheFleetSays() {
    for (JsonNode entry : tree.get("nodes")) {
      FleetNode node = fleet.node(entry.path("hostname_override").asText());
      SshEndpoint endpoint = node.clusterEndpoint();
      if (entry.path("address").asText().equals(node.internalAddress())
          && !endpoint.host().equals(node.internalAddress())) {
        ((ObjectNode) entry).put("address", endpoint.host()).put("port", endpoint.port())
            .put("internal_address", node.internalAddress());
      }
    }
  }

  Path path() {
    return file;
  }

  /** The names of the nodes cluster.yml lists now. */
  Set<String> nodeNames() {
    Set<String> names = new LinkedHashSet<>();
    tree.path("nodes").forEach(node -> names.add(node.path("hostname_override").asText()));
    return names;
  }

  void apply(List<ClusterEdit> edits) {
    ClusterEdit.Visitor<Void> editor = new ClusterEdit.Visitor<>() {
      @Override
      public Void addSan(ClusterEdit.AddSan san) {
        tree.with("authentication").withArray("sans").add(resolve(san.san()));
        return null;
      }

      @Override
      public Void addNodes(ClusterEdit.AddNodes add) {
        add.nodes().forEach(ClusterFile.this::addNode);
        return null;
      }

      @Override
      public Void removeNodes(ClusterEdit.RemoveNodes remove) {
        ArrayNode nodes = (ArrayNode) tree.get("nodes");
        for (Iterator<JsonNode> it = nodes.elements(); it.hasNext(); ) {
          if (remove.nodes().contains(it.next().path("hostname_override").asText())) {
            it.remove();
          }
        }
        return null;
      }

      @Override
      public Void set(ClusterEdit.Set set) {
        String[] keys = set.path().split("\\.");
        ObjectNode parent = tree;
        for (int i = 0; i < keys.length - 1; i++) {
          parent = parent.with(keys[i]);
        }
        parent.put(keys[keys.length - 1], resolve(set.value()));
        return null;
      }
    };
    edits.forEach(edit -> edit.accept(editor));
    write();
  }

  private void addNode(String name) {
    tree.withArray("nodes").add(ClusterSkeleton.node(fleet.node(name)));
  }

  private void substitute(JsonNode node) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (field.getValue().isTextual()) {
          field.setValue(new TextNode(resolve(field.getValue().asText())));
        } else {
          substitute(field.getValue());
        }
      }
    } else if (node.isArray()) {
      ArrayNode array = (ArrayNode) node;
      for (int i = 0; i < array.size(); i++) {
        if (array.get(i).isTextual()) {
          array.set(i, new TextNode(resolve(array.get(i).asText())));
        } else {
          substitute(array.get(i));
        }
      }
    }
  }

  /** Replaces {@code ${lb}} (the API endpoint), {@code ${lb:NAME}} and {@code ${node:NAME}} with addresses. */
  String resolve(String text) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String address;
      if (m.group(1).equals("node")) {
        address = fleet.node(m.group(2)).internalAddress();
      } else if (m.group(2) == null) {
        address = fleet.apiEndpoint().orElseThrow(() -> new IllegalStateException("${lb} used but fleet "
            + fleet.name() + " has no load balancer"));
      } else {
        address = fleet.loadBalancer(m.group(2)).address();
      }
      m.appendReplacement(out, Matcher.quoteReplacement(address));
    }
    return m.appendTail(out).toString();
  }


  private void write() {
    // the stand-ins report the version of the image they run: the fleet serves one per version the scenario uses
    String version = tree.path("kubernetes_version").asText("");
    tree.with("system_images").put("kubernetes", fleet.componentsImage(version)
        .orElse(fleet.imageReference(SlipwayImage.COMPONENTS)));
    try {
      YAML.writeValue(file.toFile(), tree);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
