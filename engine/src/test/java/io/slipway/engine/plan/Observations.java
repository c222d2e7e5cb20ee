package io.slipway.engine.plan;

import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.state.ClusterState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Observations for planner tests. */
final class Observations {

  private Observations() {
  }

  /** What the hosts run after an up of {@code config} over {@code state}: exactly its containers, running. */
  static Observed runningAsPlanned(ClusterConfig config, ClusterState state) {
    Map<String, List<ObservedContainer>> running = new LinkedHashMap<>();
    Planner.plan(config, state, "fp").containersByHost().forEach((host, specs) ->
        running.put(host, specs.stream().map(ObservedContainer::runningFrom).toList()));
    return new Observed(Observed.Source.HOSTS, running, Map.of(), Set.of());
  }
}
