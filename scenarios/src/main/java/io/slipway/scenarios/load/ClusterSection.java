package io.slipway.scenarios.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.slipway.engine.config.ConfigException;
import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.KubernetesVersions;
import io.slipway.engine.config.Problem;
import io.slipway.engine.config.Role;
import io.slipway.engine.config.Strictness;
import io.slipway.engine.config.YamlSource;
import io.slipway.simulator.fleet.FleetSpec;
import io.slipway.simulator.fleet.NodeSpec;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scenario's {@code cluster} section checked as the cluster.yml it becomes, before any fleet
 * starts: filled in as the runner fills it (the fleet's nodes, placeholders replaced by
 * addresses, here stand-ins from a documentation range that is never contacted), then loaded
 * by the engine's own loader. Each problem is reported at the scenario file's line and column
 * of its key ({@code cluster.services.kube-api...}), or of the nearest key written there; a
 * placeholder naming no fleet node or load balancer is one too.
 */
final class ClusterSection {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(lb|node)(?::([^}]*))?}");
  private static final YAMLMapper YAML = new YAMLMapper();

  private final YamlSource source;
  private final FleetSpec fleet;
  private final Map<String, String> nodes = new HashMap<>();
  private final Map<String, String> lbs = new HashMap<>();
  private final List<Problem> problems = new ArrayList<>();

  private ClusterSection(YamlSource source, FleetSpec fleet) {
    this.source = source;
    this.fleet = fleet;
    for (int i = 0; i < fleet.nodes().size(); i++) {
      nodes.put(fleet.nodes().get(i).name(), "198.51.100." + (i + 1));  // TEST-NET-2, RFC 5737
    }
    for (int i = 0; i < fleet.loadBalancers().size(); i++) {
      lbs.put(fleet.loadBalancers().get(i), "203.0.113." + (i + 1));  // TEST-NET-3
    }
  }

  /** Every problem of {@code cluster} (the scenario's section) as the cluster.yml it would become. */
  static List<Problem> check(YamlSource source, FleetSpec fleet, ObjectNode cluster) {
    ClusterSection section = new ClusterSection(source, fleet);
    ObjectNode filled = section.fill(cluster);
    if (!section.problems.isEmpty()) {
      return section.problems;  // a bad placeholder: the rest would be judged on a guess
    }
    try {
      ConfigLoader.parse(source.file() + " (cluster)", YAML.writeValueAsString(filled), Strictness.LENIENT);
    } catch (ConfigException e) {
      for (Problem p : e.problems()) {
        if (p.isError()) {
          String path = YamlSource.child("cluster", p.path());
          section.problems.add(Problem.error(source.keyAt(path), path, p.message()));
        }
      }
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    return section.problems;
  }

  private ObjectNode fill(ObjectNode cluster) {
    ObjectNode tree = cluster.deepCopy();
    JsonNode listed = tree.path("nodes");
    ArrayNode entries = JsonNodeFactory.instance.arrayNode();
    if (listed.isArray()) {
      for (JsonNode node : listed) {
        if (node.isObject()) {
          entries.add(node);
        } else {
          fleet.nodes().stream().filter(n -> n.name().equals(node.asText())).findFirst().ifPresent(n ->
              entries.add(entry(n)));
        }
      }
    } else {
      fleet.nodes().forEach(n -> entries.add(entry(n)));
    }
    tree.set("nodes", entries);
    if (!tree.has("kubernetes_version")) {
      tree.put("kubernetes_version", KubernetesVersions.WALKTHROUGH);
    }
    tree.put("ssh_key_path", "/dev/null");  // the fleet's key, written when the fleet starts
    substitute(tree, "cluster");
    return tree;
  }

  private ObjectNode entry(NodeSpec node) {
    ObjectNode entry = JsonNodeFactory.instance.objectNode();
    entry.put("address", nodes.get(node.name())).put("port", node.sshPort()).put("user", node.user())
        .put("hostname_override", node.name());
    ArrayNode roles = entry.putArray("role");
    node.roles().stream().sorted().map(Role::yamlName).forEach(roles::add);
    return entry;
  }

  private void substitute(JsonNode node, String path) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String at = YamlSource.child(path, field.getKey());
        if (field.getValue().isTextual()) {
          field.setValue(new TextNode(resolve(field.getValue().asText(), at)));
        } else {
          substitute(field.getValue(), at);
        }
      }
    } else if (node.isArray()) {
      ArrayNode array = (ArrayNode) node;
      for (int i = 0; i < array.size(); i++) {
        String at = YamlSource.child(path, i);
        if (array.get(i).isTextual()) {
          array.set(i, new TextNode(resolve(array.get(i).asText(), at)));
        } else {
          substitute(array.get(i), at);
        }
      }
    }
  }

  private String resolve(String text, String path) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(2);
      String address;
      if (m.group(1).equals("node")) {
        address = name == null ? null : nodes.get(name);
      } else {
        address = name == null ? (lbs.isEmpty() ? null : "203.0.113.200") : lbs.get(name);
      }
      if (address == null) {
        problems.add(Problem.error(source.at(path), path, "\"" + m.group() + "\" names no "
            + (m.group(1).equals("node") ? "fleet node" : "load balancer") + (m.group(1).equals("lb") && name == null
            ? " (the fleet has none)" : "") + "; the fleet has " + String.join(", ", m.group(1).equals("node")
            ? nodes.keySet().stream().sorted().toList() : lbs.keySet().stream().sorted().toList())));
        address = "203.0.113.250";
      }
      m.appendReplacement(out, Matcher.quoteReplacement(address));
    }
    m.appendTail(out);
    return out.toString();
  }
}
