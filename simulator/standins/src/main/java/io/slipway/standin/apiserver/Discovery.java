package io.slipway.standin.apiserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The discovery documents clients read before anything else: /api, /apis, /api/v1, /version, /openapi/v2. */
public final class Discovery {

  private static final List<String> VERBS = List.of("create", "delete", "get", "list", "patch", "update", "watch");

  private final ObjectMapper json;
  private final String gitVersion;
  private final String advertiseAddress;

  public Discovery(ObjectMapper json, String gitVersion, String advertiseAddress) {
    this.json = json;
    this.gitVersion = gitVersion;
    this.advertiseAddress = advertiseAddress;
  }

  public ObjectNode apiVersions() {
    ObjectNode node = json.createObjectNode().put("kind", "APIVersions");
    node.putArray("versions").add("v1");
    node.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0")
        .put("serverAddress", advertiseAddress);
    return node;
  }

  public ObjectNode groups() {
    ObjectNode node = json.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
    ArrayNode groups = node.putArray("groups");
    for (String group : ResourceTypes.groups()) {
      ObjectNode g = groups.addObject().put("name", group);
      ArrayNode versions = g.putArray("versions");
      List<String> served = ResourceTypes.groupVersions(group);
      served.forEach(gv -> versions.addObject().put("groupVersion", gv).put("version", gv.substring(group.length() + 1)));
      g.set("preferredVersion", versions.get(0).deepCopy());
    }
    return node;
  }

  public ObjectNode resources(String group, String version) {
    ObjectNode node = json.createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
        .put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    ArrayNode resources = node.putArray("resources");
    for (ResourceType type : ResourceTypes.ALL) {
      if (!type.group().equals(group) || !type.version().equals(version)) {
        continue;
      }
      ObjectNode r = resources.addObject().put("name", type.plural()).put("singularName", type.singular())
          .put("namespaced", type.namespaced()).put("kind", type.kind());
      (type == ResourceTypes.COMPONENT_STATUSES ? List.of("get", "list")
          : type == ResourceTypes.SELF_SUBJECT_ACCESS_REVIEWS ? List.of("create") : VERBS)
          .forEach(r.putArray("verbs")::add);
      type.shortNames().forEach(r.putArray("shortNames")::add);
      for (String sub : type.subresources()) {
        String kind = switch (sub) {
          case "binding" -> "Binding";
          case "scale" -> "Scale";
          case "eviction" -> "Eviction";
          default -> type.kind();
        };
        ObjectNode s = resources.addObject().put("name", type.plural() + "/" + sub).put("singularName", "")
            .put("namespaced", type.namespaced()).put("kind", kind);
        if (sub.equals("scale")) {
          s.put("group", "autoscaling").put("version", "v1");
        }
        if (sub.equals("eviction")) {
          s.put("group", "policy").put("version", "v1beta1");  // where kubectl drain looks for eviction support
        }
        (List.of("binding", "eviction").contains(sub) ? List.of("create")
            : sub.equals("log") ? List.of("get") : List.of("get", "patch", "update"))
            .forEach(s.putArray("verbs")::add);
      }
    }
    return node;
  }

  public ObjectNode version() {
    String[] parts = gitVersion.replaceFirst("^v", "").split("\\.");
    return json.createObjectNode().put("major", parts[0]).put("minor", parts.length > 1 ? parts[1] : "0")
        .put("gitVersion", gitVersion).put("gitCommit", "slipway-standin").put("gitTreeState", "clean")
        .put("buildDate", "1970-01-01T00:00:00Z").put("goVersion", "java" + Runtime.version().feature())
        .put("compiler", "javac").put("platform", "linux/amd64");
  }

  /**
   * An OpenAPI v2 document in the protobuf form kubectl asks for, holding no schemas: kubectl
   * then skips client-side validation of kinds it finds no schema for, as it does for any
   * resource a server does not describe.
   */
  public byte[] openApiProto() {
    ByteArrayOutputStream info = new ByteArrayOutputStream();
    field(info, 1, "Slipway stand-in kube-apiserver");
    field(info, 2, gitVersion);
    ByteArrayOutputStream document = new ByteArrayOutputStream();
    field(document, 1, "2.0");
    field(document, 2, info.toByteArray());
    return document.toByteArray();
  }

  private static void field(ByteArrayOutputStream out, int number, String value) {
    field(out, number, value.getBytes(StandardCharsets.UTF_8));
  }

  /** A length-delimited protobuf field (wire type 2); lengths here stay below 128 bytes. */
  private static void field(ByteArrayOutputStream out, int number, byte[] value) {
    if (value.length > 127) {
      throw new IllegalArgumentException("field too long for a one-byte length");
    }
    out.write(number << 3 | 2);
    out.write(value.length);
    out.writeBytes(value);
  }
}
