package io.slipway.scenarios.probe;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.reports.history.Entry;
import io.slipway.reports.history.Outcome;
import io.slipway.reports.history.ProbeKind;
import io.slipway.simulator.fleet.ExecResult;
import io.slipway.simulator.fleet.FleetNode;
import io.slipway.simulator.fleet.NodeState;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Every component container's state and restart count on every node, read from the node's own
 * dockerd through the node's console: value {@code {"master-1": {"kube-apiserver": {"state":
 * "running", "restarts": 1}, ...}, "worker-3": "stopped"}}. Ok when every reachable node answered.
 */
public final class ContainersProbe implements Probe.Single {

  private static final String FORMAT = "{{.Name}} {{.State.Status}} {{.RestartCount}}";

  private final List<FleetNode> nodes;
  private final Clock clock;

  public ContainersProbe(List<FleetNode> nodes, Clock clock) {
    this.nodes = List.copyOf(nodes);
    this.clock = clock;
  }

  @Override
  public ProbeKind kind() {
    return ProbeKind.CONTAINERS;
  }

  @Override
  public Entry.Sample sample() {
    Instant start = clock.instant();
    ObjectNode value = JsonNodeFactory.instance.objectNode();
    boolean all = true;
    for (FleetNode node : nodes) {
      NodeState state = node.state();
      if (state == NodeState.STOPPED || state == NodeState.PAUSED || state == NodeState.GONE) {
        value.put(node.name(), state.name().toLowerCase(Locale.ROOT));
        continue;
      }
      try {
        ExecResult ps = node.exec("sh", "-c", "docker inspect --format '" + FORMAT + "' $(docker ps -aq) 2>/dev/null");
        ObjectNode containers = value.putObject(node.name());
        ps.stdout().lines().map(line -> line.split(" ")).filter(f -> f.length == 3).forEach(f ->
            containers.putObject(f[0].replaceFirst("^/", "")).put("state", f[1]).put("restarts", Integer.parseInt(f[2])));
      } catch (RuntimeException e) {
        value.put(node.name(), "unanswered");
        all = false;
      }
    }
    return new Entry.Sample(kind(), start, clock.instant(), all ? Outcome.OK : Outcome.FAIL, value, null);
  }
}
