package io.slipway.scenarios.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.slipway.engine.config.AddonIncludes;
import io.slipway.engine.config.Addresses;
import io.slipway.engine.config.Defaults;
import io.slipway.reports.history.Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator's cluster.yml as deployed onto the fleet: the document as written, with each
 * address replaced by the placeholder of its stand-in, and the few keys that cannot mean on the
 * fleet what they mean at the operator's — how Slipway logs in, the images, the registry, a
 * bastion — replaced or left out. Every such change is listed with the reason; nothing else
 * differs, so the copy has the operator's version, services, flags, labels and taints.
 */
public record ClusterCopy(ObjectNode cluster, List<Entry.Audit.Difference> changes) {

  public ClusterCopy {
    changes = List.copyOf(changes);
  }

  public static ClusterCopy of(Topology topology, FleetShape shape) {
    ObjectNode copy = ((ObjectNode) topology.tree()).deepCopy();
    List<Entry.Audit.Difference> changes = new ArrayList<>();
    Map<String, String> stand = new HashMap<>();
    shape.addresses().forEach(a -> stand.put(a.operator(), a.fleet()));

    ArrayNode nodes = (ArrayNode) copy.get("nodes");
    for (Topology.Member m : topology.members()) {
      ObjectNode node = (ObjectNode) nodes.get(m.index());
      String at = "nodes[" + m.index() + "]";
      replace(node, "address", stand, at, changes, "the fake node standing in for it");
      replace(node, "internal_address", stand, at, changes, "the fake node standing in for it");
      if (!m.name().equals(node.path("hostname_override").asText())) {
        changes.add(new Entry.Audit.Difference(at + ".hostname_override", node.path("hostname_override").asText(""),
            m.name(), "the fake node's name: the drills find the node by it"
                + (node.has("hostname_override") ? "" : " (your file names it by its address)")));
        node.put("hostname_override", m.name());
      }
      String user = node.path("user").asText("");
      if (!user.equals(FleetShape.user(m))) {
        changes.add(new Entry.Audit.Difference(at + ".user", user, FleetShape.user(m),
            "a fake node's users are named as Linux names them"));
        node.put("user", FleetShape.user(m));
      }
      for (String key : List.of("ssh_key", "ssh_key_path", "ssh_cert", "ssh_cert_path")) {
        if (node.has(key)) {
          changes.add(new Entry.Audit.Difference(at + "." + key, key.equals("ssh_key") ? "(a key, not shown)"
              : node.get(key).asText(), "(removed)", "the fleet's own key logs in to every fake node"));
          node.remove(key);
        }
      }
      if (node.has("docker_socket") && !node.get("docker_socket").asText().equals(Defaults.DOCKER_SOCKET)) {
        changes.add(new Entry.Audit.Difference(at + ".docker_socket", node.get("docker_socket").asText(),
            Defaults.DOCKER_SOCKET, "where the fake node's dockerd listens"));
        node.put("docker_socket", Defaults.DOCKER_SOCKET);
      }
    }
    JsonNode sans = copy.path("authentication").path("sans");
    for (int i = 0; sans.isArray() && i < sans.size(); i++) {
      String san = sans.get(i).asText();
      if (Addresses.isIp(san) && stand.containsKey(san)) {  // names stay: the fleet resolves them
        changes.add(new Entry.Audit.Difference("authentication.sans[" + i + "]", san, stand.get(san),
            "the fleet address standing in for it"));
        ((ArrayNode) sans).set(i, new TextNode(stand.get(san)));
      }
    }
    changes.add(new Entry.Audit.Difference("ssh_key_path", copy.path("ssh_key_path").asText(Defaults.SSH_KEY_PATH),
        "the fleet's key", "the fleet's own key logs in to every fake node"));
    copy.remove("ssh_key_path");
    if (copy.path("ssh_agent_auth").asBoolean(false)) {
      changes.add(new Entry.Audit.Difference("ssh_agent_auth", "true", "false", "the fleet's key is a file"));
      copy.put("ssh_agent_auth", false);
    }
    changes.add(new Entry.Audit.Difference("system_images", copy.has("system_images") ? "yours" : "the version's",
        "the fleet registry's components image", "stand-in components, pulled from the fleet's own registry"));
    copy.remove("system_images");
    for (String key : List.of("bastion_host", "private_registries")) {
      if (copy.has(key) && !copy.get(key).isNull() && !copy.get(key).isEmpty()) {
        changes.add(new Entry.Audit.Difference(key, "(set)", "(removed)", key.equals("bastion_host")
            ? "the fake nodes are reached directly; the bastion's address is yours, and nothing is sent to it"
            : "images come from the fleet's registry; your registry's address is yours, and nothing is sent to it"));
        copy.remove(key);
      }
    }
    includes(copy, changes);
    if (!copy.hasNonNull("kubernetes_version") || copy.get("kubernetes_version").asText().isEmpty()) {
      // RKE's default version, said explicitly: left out, the scenario runner would pick its own
      copy.put("kubernetes_version", topology.config().kubernetesVersion());
    }
    return new ClusterCopy(copy, changes);
  }

  /**
   * {@code addons_include} as the fleet's {@code up} can read it: each file by its absolute path
   * (the run may start elsewhere); a URL (Slipway downloads nothing) and a file that cannot be read
   * here are left out rather than stop the deploy, each change listed.
   */
  private static void includes(ObjectNode copy, List<Entry.Audit.Difference> changes) {
    JsonNode includes = copy.path("addons_include");
    if (!includes.isArray() || includes.isEmpty()) {
      return;
    }
    ArrayNode kept = copy.arrayNode();
    for (int i = 0; i < includes.size(); i++) {
      String entry = includes.get(i).asText();
      String key = "addons_include[" + i + "]";
      Path file = Path.of(entry).toAbsolutePath().normalize();
      if (AddonIncludes.isUrl(entry)) {
        changes.add(new Entry.Audit.Difference(key, entry, "(removed)",
            "Slipway downloads nothing; save it and name the file to have it deployed"));
      } else if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        changes.add(new Entry.Audit.Difference(key, entry, "(removed)", "no readable file there on this machine"));
      } else {
        if (!file.toString().equals(entry)) {
          changes.add(new Entry.Audit.Difference(key, entry, file.toString(),
              "the same file by its absolute path (a relative one is read from the working directory)"));
        }
        kept.add(file.toString());
      }
    }
    copy.set("addons_include", kept);
  }

  private static void replace(ObjectNode node, String key, Map<String, String> stand, String at,
      List<Entry.Audit.Difference> changes, String why) {
    String value = node.path(key).asText("");
    if (stand.containsKey(value)) {
      changes.add(new Entry.Audit.Difference(at + "." + key, value, stand.get(value), why));
      node.put(key, stand.get(value));
    }
  }
}
