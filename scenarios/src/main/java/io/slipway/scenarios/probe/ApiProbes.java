package io.slipway.scenarios.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.reports.history.Entry;
import io.slipway.reports.history.Outcome;
import io.slipway.reports.history.ProbeKind;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/** The probes that talk to the Kubernetes API through the cluster's API endpoint. */
public final class ApiProbes {

  /** Label every probe write carries, so a final read finds them all. */
  public static final String WRITE_LABEL = "slipway.io/probe-write";
  private static final String CONFIGMAPS = "/api/v1/namespaces/default/configmaps";

  private ApiProbes() {
  }

  /** GET of the node list; a timeout counts as a failed read. */
  public static Probe read(ClusterAccess access, Clock clock) {
    return simple(ProbeKind.API_READ, clock, () -> access.get("/api/v1/nodes?limit=1"), response -> null);
  }

  /** Every Node's Ready condition, cordon and kubelet version (see {@link #readiness}). */
  public static Probe nodes(ClusterAccess access, Clock clock) {
    return simple(ProbeKind.NODES, clock, () -> access.get("/api/v1/nodes"), response -> ClusterAccess.json(response)
        .map(ApiProbes::readiness).orElse(null));
  }

  /** Every pod's phase, node and labels (see {@link #pods(JsonNode)}). */
  public static Probe pods(ClusterAccess access, Clock clock) {
    return simple(ProbeKind.PODS, clock, () -> access.get("/api/v1/pods"), response -> ClusterAccess.json(response)
        .map(ApiProbes::pods).orElse(null));
  }

  /**
   * A pod list as {@code {"pods": [{"name": "NAMESPACE/NAME", "phase": "Pending", "node": "",
   * "labels": {...}}, ...]}}: what the workload checks judge.
   */
  public static JsonNode pods(JsonNode list) {
    ObjectNode value = JsonNodeFactory.instance.objectNode();
    var pods = value.putArray("pods");
    for (JsonNode pod : list.path("items")) {
      ObjectNode entry = pods.addObject().put("name", pod.path("metadata").path("namespace").asText() + "/"
              + pod.path("metadata").path("name").asText())
          .put("phase", pod.path("status").path("phase").asText("Pending"))
          .put("node", pod.path("spec").path("nodeName").asText(""));
      entry.set("labels", pod.path("metadata").path("labels").isObject() ? pod.path("metadata").path("labels")
          : JsonNodeFactory.instance.objectNode());
    }
    return value;
  }

  /** The holders of the controller-manager and scheduler leases, by node name. */
  public static Probe leaders(ClusterAccess access, Clock clock) {
    return simple(ProbeKind.LEADERS, clock, () -> access.get(
        "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases"), response -> ClusterAccess.json(response)
        .map(ApiProbes::holders).orElse(null));
  }

  /**
   * Creates ConfigMaps {@code slipway-write-N} carrying N: ok when the API acknowledged it (201),
   * fail when it certainly did not happen (refused before sending, or an error status),
   * indeterminate when the request may have taken effect (a timeout after sending).
   */
  public static final class Writes implements Probe.Single {
    private final ClusterAccess access;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();

    public Writes(ClusterAccess access, Clock clock) {
      this.access = access;
      this.clock = clock;
    }

    @Override
    public ProbeKind kind() {
      return ProbeKind.API_WRITE;
    }

    @Override
    public Entry.Sample sample() {
      long n = sequence.incrementAndGet();
      ObjectNode body = JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
      body.putObject("metadata").put("name", "slipway-write-" + n).putObject("labels").put(WRITE_LABEL, "true");
      body.putObject("data").put("sequence", Long.toString(n));
      Instant start = clock.instant();
      ClusterAccess.Response response = access.post(CONFIGMAPS, body);
      Instant end = clock.instant();
      ObjectNode value = JsonNodeFactory.instance.objectNode().put("sequence", n);
      if (response.ok()) {
        return new Entry.Sample(kind(), start, end, Outcome.OK, value, null);
      }
      if (response.failure() != null && !response.failure().beforeSending()) {
        return new Entry.Sample(kind(), start, end, Outcome.INDETERMINATE, value, response.failure().message());
      }
      return new Entry.Sample(kind(), start, end, Outcome.FAIL, value, describe(response));
    }
  }

  /** The sequence numbers of every probe write the cluster holds now; empty when the read failed. */
  public static Optional<Set<Long>> writesPresent(ClusterAccess access) {
    ClusterAccess.Response response = access.get(CONFIGMAPS + "?labelSelector=" + WRITE_LABEL + "%3Dtrue");
    return ClusterAccess.json(response).map(list -> {
      Set<Long> present = new HashSet<>();
      list.path("items").forEach(item -> present.add(item.path("data").path("sequence").asLong()));
      return present;
    });
  }

  static String describe(ClusterAccess.Response response) {
    if (response.failure() != null) {
      return response.failure().message();
    }
    String body = response.body().strip();
    return "HTTP " + response.status() + (body.isEmpty() ? "" : ": " + (body.length() > 200 ? body.substring(0, 200)
        : body));
  }

  /**
   * A node list as {@code {"ready": [names], "not_ready": [names], "unschedulable": [names],
   * "versions": {name: kubeletVersion}}}, by each Node's Ready condition, cordon and kubelet.
   */
  public static JsonNode readiness(JsonNode list) {
    ObjectNode value = JsonNodeFactory.instance.objectNode();
    var ready = value.putArray("ready");
    var notReady = value.putArray("not_ready");
    var unschedulable = value.putArray("unschedulable");
    var versions = value.putObject("versions");
    for (JsonNode node : list.path("items")) {
      String name = node.path("metadata").path("name").asText();
      if (node.path("spec").path("unschedulable").asBoolean(false)) {
        unschedulable.add(name);
      }
      versions.put(name, node.path("status").path("nodeInfo").path("kubeletVersion").asText(""));
      boolean isReady = false;
      for (JsonNode condition : node.path("status").path("conditions")) {
        if (condition.path("type").asText().equals("Ready")) {
          isReady = condition.path("status").asText().equals("True");
        }
      }
      (isReady ? ready : notReady).add(name);
    }
    return value;
  }

  private static JsonNode holders(JsonNode list) {
    ObjectNode value = JsonNodeFactory.instance.objectNode();
    for (JsonNode lease : list.path("items")) {
      value.put(lease.path("metadata").path("name").asText(), holderNode(lease));
    }
    return value;
  }

  /** The node holding a Lease: its holder identity is {@code <hostname>_<uuid>}, as client-go writes it. */
  public static String holderNode(JsonNode lease) {
    String holder = lease.path("spec").path("holderIdentity").asText("");
    return holder.contains("_") ? holder.substring(0, holder.indexOf('_')) : holder;
  }

  private static Probe.Single simple(ProbeKind kind, Clock clock, Supplier<ClusterAccess.Response> call,
      Function<ClusterAccess.Response, JsonNode> value) {
    return new Probe.Single() {
      @Override
      public ProbeKind kind() {
        return kind;
      }

      @Override
      public Entry.Sample sample() {
        Instant start = clock.instant();
        ClusterAccess.Response response = call.get();
        Instant end = clock.instant();
        return response.ok() ? new Entry.Sample(kind, start, end, Outcome.OK, value.apply(response), null)
            : new Entry.Sample(kind, start, end, Outcome.FAIL, null, describe(response));
      }
    };
  }
}
