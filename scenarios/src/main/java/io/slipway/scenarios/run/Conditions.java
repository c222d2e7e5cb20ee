package io.slipway.scenarios.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.reports.history.Outcome;
import io.slipway.scenarios.model.Condition;
import io.slipway.scenarios.probe.ApiProbes;
import io.slipway.scenarios.probe.ClusterAccess;
import io.slipway.scenarios.probe.EtcdProbe;
import io.slipway.simulator.fleet.Fleet;
import io.slipway.simulator.fleet.LoadBalancer;
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
    });
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
