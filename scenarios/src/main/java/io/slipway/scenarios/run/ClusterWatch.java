package io.slipway.scenarios.run;

import io.slipway.engine.config.Role;
import io.slipway.engine.state.StateStore;
import io.slipway.reports.history.ProbeKind;
import io.slipway.scenarios.probe.ApiProbes;
import io.slipway.scenarios.probe.CasClient;
import io.slipway.scenarios.probe.ClusterAccess;
import io.slipway.scenarios.probe.ContainersProbe;
import io.slipway.scenarios.probe.EtcdProbe;
import io.slipway.scenarios.probe.Probe;
import io.slipway.scenarios.probe.Probes;
import io.slipway.simulator.fleet.FleetNode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a run sees its cluster once it is up: API access through the fleet's endpoint with the
 * cluster's admin certificate, the etcd probe, and the scenario's probes recording into the
 * history until the run closes them.
 */
final class ClusterWatch implements AutoCloseable {

  private final ClusterAccess access;
  private final EtcdProbe etcd;
  private final Probes probes;

  private ClusterWatch(ClusterAccess access, EtcdProbe etcd, Probes probes) {
    this.access = access;
    this.etcd = etcd;
    this.probes = probes;
  }

  /** Starts watching the cluster {@code run} deployed: its state file holds the certificates. */
  static ClusterWatch start(RunContext run) {
    var pki = StateStore.load(run.upOptions().stateFile()).certificates().orElseThrow();
    InetSocketAddress endpoint = run.fleet().apiReach().orElseGet(() -> run.clusterNodes().stream()
        .filter(n -> n.roles().contains(Role.CONTROLPLANE)).findFirst()
            .orElseThrow().reach(FleetNode.APISERVER_PORT));
    ClusterAccess access = new ClusterAccess(
        URI.create("https://" + endpoint.getHostString() + ":" + endpoint.getPort()), pki, Duration.ofSeconds(2));
    Map<String, InetSocketAddress> members = new LinkedHashMap<>();
    run.clusterNodes().stream().filter(n -> n.roles().contains(Role.ETCD)).forEach(n -> members.put(n.name(),
        n.reach(FleetNode.ETCD_CLIENT_PORT)));
    EtcdProbe etcd = new EtcdProbe(access, members, run.clock());
    Map<Probe, Duration> running = new LinkedHashMap<>();
    run.scenario().probes().forEach((kind, spec) -> {
      if (kind == ProbeKind.API_CAS) {
        for (int client = 1; client <= spec.clients(); client++) {
          running.put(new CasClient(client, access, run.clock()), spec.interval());
        }
      } else {
        running.put(probe(kind, run, access, etcd), spec.interval());
      }
    });
    Probes probes = null;
    if (!running.isEmpty()) {
      probes = Probes.start(running, run.history());
      run.say("           probes through %s: %s", access.api(), String.join(", ", run.scenario().probes().keySet()
          .stream().map(ProbeKind::key).toList()));
    }
    return new ClusterWatch(access, etcd, probes);
  }

  private static Probe probe(ProbeKind kind, RunContext run, ClusterAccess access, EtcdProbe etcd) {
    return switch (kind) {
      case API_READ -> ApiProbes.read(access, run.clock());
      case API_WRITE -> new ApiProbes.Writes(access, run.clock());
      case API_CAS -> throw new IllegalArgumentException("api_cas runs one probe per client");
      case NODES -> ApiProbes.nodes(access, run.clock());
      case LEADERS -> ApiProbes.leaders(access, run.clock());
      case ETCD -> etcd;
      case CONTAINERS -> new ContainersProbe(run.clusterNodes(), run.clock());
      case PODS -> ApiProbes.pods(access, run.clock());
    };
  }

  ClusterAccess access() {
    return access;
  }

  EtcdProbe etcd() {
    return etcd;
  }

  /** Whether probes are recording (a scenario may name none). */
  boolean probing() {
    return probes != null;
  }

  @Override
  public void close() {
    if (probes != null) {
      probes.close();
    }
  }
}
