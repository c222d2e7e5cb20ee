package io.slipway.scenarios.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.reports.history.Outcome;
import io.slipway.scenarios.model.Condition;
import io.slipway.scenarios.probe.ApiProbes;
import io.slipway.scenarios.probe.ClusterAccess;
import io.slipway.scenarios.probe.EtcdProbe;
import io.slipway.simulator.fleet.Fleet;

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
    if (condition instanceof Condition.EtcdHealthy) {
      var sample = etcd.sample();
      lastSeen = sample.value().toString();
      return sample.outcome() == Outcome.OK;
    }
    if (condition instanceof Condition.FloatingAddressOn on) {
      var holders = fleet.loadBalancers().stream().filter(io.slipway.simulator.fleet.LoadBalancer::holdsFloatingAddress)
          .map(io.slipway.simulator.fleet.LoadBalancer::name).toList();
      lastSeen = "the floating address is on " + (holders.isEmpty() ? "no load balancer" : String.join(", ", holders));
      return holders.equals(java.util.List.of(on.loadBalancer()));
    }
    if (condition instanceof Condition.ContainerRunning running) {
      String state = fleet.node(running.node()).exec("docker", "inspect", "--format", "{{.State.Status}}",
          running.container()).stdout().strip();
      lastSeen = running.container() + " on " + running.node() + " is " + (state.isEmpty() ? "absent" : state);
      return state.equals("running");
    }
    ClusterAccess.Response response = access.get("/api/v1/nodes");
    if (!response.ok()) {
      lastSeen = response.failure() != null ? response.failure().message() : "HTTP " + response.status();
      return false;
    }
    if (condition instanceof Condition.ApiAvailable) {
      return true;
    }
    JsonNode readiness = ApiProbes.readiness(ClusterAccess.json(response).orElseThrow());
    java.util.List<String> ready = new java.util.ArrayList<>();
    java.util.List<String> notReady = new java.util.ArrayList<>();
    readiness.path("ready").forEach(n -> ready.add(n.asText()));
    readiness.path("not_ready").forEach(n -> notReady.add(n.asText()));
    lastSeen = "Ready " + ready + ", NotReady " + notReady;
    if (condition instanceof Condition.NodesReady n) {
      return ready.size() >= n.count();
    } else if (condition instanceof Condition.NodeReady n) {
      return ready.contains(n.node());
    }
    return notReady.contains(((Condition.NodeNotReady) condition).node());
  }

  static String describe(Condition condition) {
    if (condition instanceof Condition.NodesReady n) {
      return n.count() + " nodes Ready";
    } else if (condition instanceof Condition.NodeReady n) {
      return n.node() + " Ready";
    } else if (condition instanceof Condition.NodeNotReady n) {
      return n.node() + " NotReady";
    } else if (condition instanceof Condition.ApiAvailable) {
      return "the API answers";
    } else if (condition instanceof Condition.EtcdHealthy) {
      return "every etcd member healthy";
    } else if (condition instanceof Condition.FloatingAddressOn on) {
      return "the floating address on " + on.loadBalancer();
    }
    Condition.ContainerRunning c = (Condition.ContainerRunning) condition;
    return c.container() + " running on " + c.node();
  }
}
