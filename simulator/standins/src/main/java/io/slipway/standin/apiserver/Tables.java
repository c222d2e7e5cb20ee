package io.slipway.standin.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * Server-side printing: lists as {@code meta.k8s.io/v1} Tables with the columns the real
 * apiserver gives each type, so {@code kubectl get} prints what it prints against a real cluster.
 */
public final class Tables {

  private record Column(String name, String type, int priority, Function<JsonNode, Object> cell) {
  }

  private final ObjectMapper json;
  private final Clock clock;

  public Tables(ObjectMapper json, Clock clock) {
    this.json = json;
    this.clock = clock;
  }

  /** Whether an Accept header asks for a Table. */
  public static boolean wanted(String accept) {
    return accept != null && accept.contains("as=Table");
  }

  public ObjectNode table(ResourceType type, List<ObjectNode> objects, String resourceVersion) {
    List<Column> columns = columns(type);
    ObjectNode table = json.createObjectNode();
    table.put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    table.putObject("metadata").put("resourceVersion", resourceVersion);
    ArrayNode definitions = table.putArray("columnDefinitions");
    for (Column c : columns) {
      definitions.addObject().put("name", c.name()).put("type", c.type()).put("format", c.name().equals("Name") ? "name" : "")
          .put("description", c.name()).put("priority", c.priority());
    }
    ArrayNode rows = table.putArray("rows");
    for (ObjectNode object : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      for (Column c : columns) {
        cells.addPOJO(c.cell().apply(object));
      }
      ObjectNode partial = row.putObject("object");
      partial.put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
      partial.set("metadata", object.path("metadata").deepCopy());
    }
    return table;
  }

  private List<Column> columns(ResourceType type) {
    Column name = new Column("Name", "string", 0, o -> o.path("metadata").path("name").asText());
    Column age = new Column("Age", "string", 0, o -> age(o.path("metadata").path("creationTimestamp").asText()));
    if (type == ResourceTypes.NODES) {
      return List.of(name, new Column("Status", "string", 0, Tables::nodeStatus),
          new Column("Roles", "string", 0, Tables::roles), age,
          new Column("Version", "string", 0, o -> o.path("status").path("nodeInfo").path("kubeletVersion").asText("")),
          new Column("Internal-IP", "string", 1, o -> address(o, "InternalIP")),
          new Column("External-IP", "string", 1, o -> address(o, "ExternalIP")));
    }
    if (type == ResourceTypes.PODS) {
      return List.of(name, new Column("Ready", "string", 0, Tables::podReady),
          new Column("Status", "string", 0, Tables::podStatus),
          new Column("Restarts", "integer", 0, Tables::restarts), age,
          new Column("IP", "string", 1, o -> o.path("status").path("podIP").asText("<none>")),
          new Column("Node", "string", 1, o -> o.path("spec").path("nodeName").asText("<none>")));
    }
    if (type == ResourceTypes.CONFIGMAPS) {
      return List.of(name, new Column("Data", "integer", 0,
          o -> o.path("data").size() + o.path("binaryData").size()), age);
    }
    if (type == ResourceTypes.SECRETS) {
      return List.of(name, new Column("Type", "string", 0, o -> o.path("type").asText("Opaque")),
          new Column("Data", "integer", 0, o -> o.path("data").size()), age);
    }
    if (type == ResourceTypes.NAMESPACES) {
      return List.of(name, new Column("Status", "string", 0, o -> o.path("status").path("phase").asText("Active")), age);
    }
    if (type == ResourceTypes.LEASES) {
      return List.of(name, new Column("Holder", "string", 0, o -> o.path("spec").path("holderIdentity").asText("")), age);
    }
    if (type == ResourceTypes.EVENTS) {
      return List.of(new Column("Last Seen", "string", 0, o -> age(o.path("lastTimestamp").asText(""))),
          new Column("Type", "string", 0, o -> o.path("type").asText("")),
          new Column("Reason", "string", 0, o -> o.path("reason").asText("")),
          new Column("Object", "string", 0, o -> o.path("involvedObject").path("kind").asText("").toLowerCase()
              + "/" + o.path("involvedObject").path("name").asText("")),
          new Column("Message", "string", 0, o -> o.path("message").asText("")));
    }
    if (type == ResourceTypes.DEPLOYMENTS) {
      return List.of(name, new Column("Ready", "string", 0, o -> o.path("status").path("readyReplicas").asInt(0) + "/"
              + o.path("spec").path("replicas").asInt(1)),
          new Column("Up-to-date", "integer", 0, o -> o.path("status").path("updatedReplicas").asInt(0)),
          new Column("Available", "integer", 0, o -> o.path("status").path("availableReplicas").asInt(0)), age);
    }
    if (type == ResourceTypes.REPLICA_SETS) {
      return List.of(name, new Column("Desired", "integer", 0, o -> o.path("spec").path("replicas").asInt(1)),
          new Column("Current", "integer", 0, o -> o.path("status").path("replicas").asInt(0)),
          new Column("Ready", "integer", 0, o -> o.path("status").path("readyReplicas").asInt(0)), age);
    }
    if (type == ResourceTypes.DAEMON_SETS) {
      return List.of(name, new Column("Desired", "integer", 0, o -> o.path("status").path("desiredNumberScheduled").asInt(0)),
          new Column("Current", "integer", 0, o -> o.path("status").path("currentNumberScheduled").asInt(0)),
          new Column("Ready", "integer", 0, o -> o.path("status").path("numberReady").asInt(0)),
          new Column("Up-to-date", "integer", 0, o -> o.path("status").path("updatedNumberScheduled").asInt(0)),
          new Column("Available", "integer", 0, o -> o.path("status").path("numberAvailable").asInt(0)), age);
    }
    if (type == ResourceTypes.JOBS) {
      return List.of(name, new Column("Completions", "string", 0, o -> o.path("status").path("succeeded").asInt(0) + "/"
              + o.path("spec").path("completions").asInt(1)),
          new Column("Duration", "string", 0, this::jobDuration), age);
    }
    if (type == ResourceTypes.SERVICES) {
      return List.of(name, new Column("Type", "string", 0, o -> o.path("spec").path("type").asText("ClusterIP")),
          new Column("Cluster-IP", "string", 0, o -> o.path("spec").path("clusterIP").asText("<none>")),
          new Column("External-IP", "string", 0, o -> "<none>"),
          new Column("Port(s)", "string", 0, Tables::servicePorts), age);
    }
    if (type == ResourceTypes.ENDPOINTS) {
      return List.of(name, new Column("Endpoints", "string", 0, Tables::endpoints), age);
    }
    if (type == ResourceTypes.COMPONENT_STATUSES) {
      return List.of(name, new Column("Status", "string", 0, o -> healthy(o) ? "Healthy" : "Unhealthy"),
          new Column("Message", "string", 0, o -> o.path("conditions").path(0).path("message").asText("")),
          new Column("Error", "string", 0, o -> o.path("conditions").path(0).path("error").asText("")));
    }
    return List.of(name, age);
  }

  private static boolean healthy(JsonNode status) {
    return status.path("conditions").path(0).path("status").asText().equals("True");
  }

  private static String servicePorts(JsonNode service) {
    List<String> ports = new ArrayList<>();
    for (JsonNode port : service.path("spec").path("ports")) {
      ports.add(port.path("port").asText() + (port.has("nodePort") ? ":" + port.path("nodePort").asText() : "") + "/"
          + port.path("protocol").asText("TCP"));
    }
    return ports.isEmpty() ? "<none>" : String.join(",", ports);
  }

  private static String endpoints(JsonNode endpoints) {
    List<String> addresses = new ArrayList<>();
    for (JsonNode subset : endpoints.path("subsets")) {
      for (JsonNode address : subset.path("addresses")) {
        for (JsonNode port : subset.path("ports")) {
          addresses.add(address.path("ip").asText() + ":" + port.path("port").asText());
        }
      }
    }
    return addresses.isEmpty() ? "<none>" : String.join(",", addresses);
  }

  private static String nodeStatus(JsonNode node) {
    String status = "Unknown";
    for (JsonNode condition : node.path("status").path("conditions")) {
      if (condition.path("type").asText().equals("Ready")) {
        // as kubectl's node printer: a Ready condition that is not True (False or Unknown) is NotReady
        status = condition.path("status").asText().equals("True") ? "Ready" : "NotReady";
      }
    }
    return node.path("spec").path("unschedulable").asBoolean(false) ? status + ",SchedulingDisabled" : status;
  }

  private static String roles(JsonNode node) {
    List<String> roles = new ArrayList<>();
    for (Iterator<String> it = node.path("metadata").path("labels").fieldNames(); it.hasNext(); ) {
      String label = it.next();
      if (label.startsWith("node-role.kubernetes.io/")) {
        roles.add(label.substring("node-role.kubernetes.io/".length()));
      }
    }
    return roles.isEmpty() ? "<none>" : String.join(",", roles.stream().sorted().toList());
  }

  private static String address(JsonNode node, String type) {
    for (JsonNode address : node.path("status").path("addresses")) {
      if (address.path("type").asText().equals(type)) {
        return address.path("address").asText();
      }
    }
    return "<none>";
  }

  private static String podReady(JsonNode pod) {
    int total = pod.path("spec").path("containers").size();
    int ready = 0;
    for (JsonNode status : pod.path("status").path("containerStatuses")) {
      ready += status.path("ready").asBoolean(false) ? 1 : 0;
    }
    return ready + "/" + total;
  }

  /**
   * The STATUS kubectl shows for a pod: the phase, unless an init container is still at work
   * ({@code Init:1/2}, {@code Init:Error}) or a container waits or ended with a reason
   * ({@code CrashLoopBackOff}, {@code ErrImagePull}, {@code Completed}, {@code Error}).
   */
  static String podStatus(JsonNode pod) {
    JsonNode status = pod.path("status");
    String reason = status.path("reason").asText(status.path("phase").asText("Pending"));
    JsonNode inits = status.path("initContainerStatuses");
    int total = pod.path("spec").path("initContainers").size();
    for (int i = 0; i < inits.size(); i++) {
      JsonNode state = inits.get(i).path("state");
      if (state.path("terminated").path("exitCode").asInt(-1) == 0) {
        continue;
      }
      if (state.has("terminated")) {
        return "Init:" + state.path("terminated").path("reason").asText("ExitCode:"
            + state.path("terminated").path("exitCode").asInt());
      }
      String waiting = state.path("waiting").path("reason").asText("");
      return !waiting.isEmpty() && !waiting.equals("PodInitializing") ? "Init:" + waiting : "Init:" + i + "/" + total;
    }
    boolean running = false;
    JsonNode statuses = status.path("containerStatuses");
    for (int i = statuses.size() - 1; i >= 0; i--) {
      JsonNode state = statuses.get(i).path("state");
      String waiting = state.path("waiting").path("reason").asText("");
      if (!waiting.isEmpty()) {
        reason = waiting;
      } else if (state.has("terminated")) {
        reason = state.path("terminated").path("reason").asText("ExitCode:" + state.path("terminated").path("exitCode")
            .asInt());
      } else if (state.has("running") && statuses.get(i).path("ready").asBoolean()) {
        running = true;
      }
    }
    if (reason.equals("Completed") && running) {
      reason = "Running";
    }
    return pod.path("metadata").has("deletionTimestamp") ? "Terminating" : reason;
  }

  private static int restarts(JsonNode pod) {
    int restarts = 0;
    for (JsonNode status : pod.path("status").path("containerStatuses")) {
      restarts += status.path("restartCount").asInt(0);
    }
    return restarts;
  }

  /** From the Job's start to its completion, or to now while it runs. */
  private String jobDuration(JsonNode job) {
    String start = job.path("status").path("startTime").asText("");
    if (start.isEmpty()) {
      return "";
    }
    String end = job.path("status").path("completionTime").asText("");
    Instant until = end.isEmpty() ? clock.instant() : Instant.parse(end);
    return age(Instant.parse(start).plus(Duration.between(until, clock.instant())).toString());
  }

  /** kubectl's human-readable age: 45s, 3m12s, 25m, 4h10m, 20h, 3d4h, 120d, 3y. */
  private String age(String timestamp) {
    if (timestamp == null || timestamp.isEmpty()) {
      return "<unknown>";
    }
    Duration d = Duration.between(Instant.parse(timestamp), clock.instant());
    long s = Math.max(0, d.getSeconds());
    if (s < 120) {
      return s + "s";
    }
    long m = s / 60;
    if (m < 10) {
      return m + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
    }
    if (m < 180) {
      return m + "m";
    }
    long h = m / 60;
    if (h < 8) {
      return h + "h" + (m % 60 == 0 ? "" : m % 60 + "m");
    }
    if (h < 48) {
      return h + "h";
    }
    long days = h / 24;
    if (days < 8) {
      return days + "d" + (h % 24 == 0 ? "" : h % 24 + "h");
    }
    return days < 730 ? days + "d" : days / 365 + "y";
  }
}
