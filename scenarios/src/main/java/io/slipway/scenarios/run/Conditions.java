package io.slipway.scenarios.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.reports.history.Outcome;
import io.slipway.scenarios.model.Condition;
import io.slipway.scenarios.probe.ApiProbes;
import io.slipway.scenarios.probe.ClusterAccess;
import io.slipway.scenarios.probe.EtcdProbe;
import io.slipway.simulator.fleet.Fleet;
import io.slipway.simulator.fleet.LoadBalancer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Evaluates {@code wait_until} conditions live, remembering what it saw last for the failure message. */
final class Conditions {

  private final ClusterAccess access;
  private final EtcdProbe etcd;
  private final Fleet fleet;
  private volatile String lastSeen = "nothing yet";

  Conditions(ClusterAccess access, EtcdProbe etcd, Fleet fleet) {
    this.access = access;
    this.etcd = etcd;
    this.fleet = fleet;
  }

  String lastSeen() {
    return lastSeen;
  }

  boolean holds(Condition condition) {
    return condition.accept(new Condition.Visitor<Boolean>() {
      @Override
      public Boolean nodesReady(Condition.NodesReady n) {
        return nodes().map(seen -> seen.ready().size() >= n.count()).orElse(false);
      }

      @Override
      public Boolean nodeReady(Condition.NodeReady n) {
        return nodes().map(seen -> seen.ready().contains(n.node())).orElse(false);
      }

      @Override
      public Boolean nodeNotReady(Condition.NodeNotReady n) {
        return nodes().map(seen -> seen.notReady().contains(n.node())).orElse(false);
      }

      @Override
      public Boolean apiAvailable(Condition.ApiAvailable available) {
        return nodes().isPresent();
      }

      @Override
      public Boolean etcdHealthy(Condition.EtcdHealthy healthy) {
        var sample = etcd.sample();
        lastSeen = sample.value().toString();
        return sample.outcome() == Outcome.OK;
      }

      @Override
      public Boolean floatingAddressOn(Condition.FloatingAddressOn on) {
        List<String> holders = fleet.loadBalancers().stream().filter(LoadBalancer::holdsFloatingAddress)
            .map(LoadBalancer::name).toList();
        lastSeen = "the floating address is on " + (holders.isEmpty() ? "no load balancer" : String.join(", ", holders));
        return holders.equals(List.of(on.loadBalancer()));
      }

      @Override
      public Boolean containerRunning(Condition.ContainerRunning running) {
        String state = fleet.node(running.node()).exec("docker", "inspect", "--format", "{{.State.Status}}",
            running.container()).stdout().strip();
        lastSeen = running.container() + " on " + running.node() + " is " + (state.isEmpty() ? "absent" : state);
        return state.equals("running");
      }

      @Override
      public Boolean podsRunning(Condition.PodsRunning running) {
        return Conditions.this.podsRunning(running);
      }
    });
  }

  /**
   * The pods of {@code running.selector()} that are Running with every container ready (on the
   * node named, if any) and whose every container the node's Docker engine reports running.
   */
  private boolean podsRunning(Condition.PodsRunning running) {
    ClusterAccess.Response response = access.get("/api/v1/pods?labelSelector="
        + URLEncoder.encode(running.selector(), StandardCharsets.UTF_8));
    if (!response.ok()) {
      lastSeen = response.failure() != null ? response.failure().message() : "HTTP " + response.status();
      return false;
    }
    List<String> seen = new ArrayList<>();
    int counted = 0;
    for (JsonNode pod : ClusterAccess.json(response).orElseThrow().path("items")) {
      String name = pod.path("metadata").path("name").asText();
      String node = pod.path("spec").path("nodeName").asText("");
      if (running.node() != null && !running.node().equals(node)) {
        continue;
      }
      String phase = pod.path("status").path("phase").asText("Pending");
      JsonNode statuses = pod.path("status").path("containerStatuses");
      boolean ready = phase.equals("Running") && statuses.size() > 0;
      List<String> ids = new ArrayList<>();
      for (JsonNode status : statuses) {
        ready &= status.path("ready").asBoolean();
        ids.add(status.path("containerID").asText("").replaceFirst("^docker://", ""));
      }
      boolean inEngine = ready && !node.isEmpty() && fleet.nodes().stream().anyMatch(n -> n.name().equals(node))
          && ids.stream().allMatch(id -> !id.isEmpty() && fleet.node(node).exec("docker", "inspect", "--format",
              "{{.State.Status}}", id).stdout().strip().equals("running"));
      seen.add(name + (node.isEmpty() ? "" : "@" + node) + " " + phase + (ready ? inEngine ? "" : ", containers not"
          + " running in the node's engine" : ", not ready"));
      counted += inEngine ? 1 : 0;
    }
    lastSeen = counted + " running: " + (seen.isEmpty() ? "no pods" : String.join("; ", seen));
    return counted == running.count();
  }

  /** Which nodes are Ready and which NotReady, as the API lists them now; empty when it does not answer. */
  private Optional<Readiness> nodes() {
    ClusterAccess.Response response = access.get("/api/v1/nodes");
    if (!response.ok()) {
      lastSeen = response.failure() != null ? response.failure().message() : "HTTP " + response.status();
      return Optional.empty();
    }
    JsonNode readiness = ApiProbes.readiness(ClusterAccess.json(response).orElseThrow());
    List<String> ready = new ArrayList<>();
    List<String> notReady = new ArrayList<>();
    readiness.path("ready").forEach(n -> ready.add(n.asText()));
    readiness.path("not_ready").forEach(n -> notReady.add(n.asText()));
    lastSeen = "Ready " + ready + ", NotReady " + notReady;
    return Optional.of(new Readiness(ready, notReady));
  }

  private record Readiness(List<String> ready, List<String> notReady) {
  }
}
