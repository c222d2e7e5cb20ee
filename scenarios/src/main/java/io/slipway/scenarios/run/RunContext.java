package io.slipway.scenarios.run;

import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.Strictness;
import io.slipway.engine.up.UpOptions;
import io.slipway.scenarios.history.History;
import io.slipway.scenarios.model.Scenario;
import io.slipway.simulator.fleet.Fleet;
import io.slipway.simulator.fleet.FleetNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * What every step of a run works with, fixed once the fleet is up: the scenario, its seeded
 * random, the clock and start, the run folder and its history, the fleet, the cluster file the
 * steps deploy and edit, the options {@code up} runs with, and where progress lines go.
 */
record RunContext(Scenario scenario, Random random, Clock clock, Instant start, Path runDir, History history,
    Fleet fleet, ClusterFile cluster, UpOptions upOptions, PrintStream progress) {

  /** cluster.yml as it is now (edits apply before the next {@code up}). */
  ClusterConfig config() {
    return ConfigLoader.load(cluster.path(), Strictness.STRICT).config();
  }

  /** The fleet nodes cluster.yml names now. */
  List<FleetNode> clusterNodes() {
    Set<String> names = cluster.nodeNames();
    return fleet.nodes().stream().filter(n -> names.contains(n.name())).toList();
  }

  double seconds() {
    return Duration.between(start, clock.instant()).toMillis() / 1000.0;
  }

  void say(String format, Object... args) {
    progress.printf(format + "%n", args);
    progress.flush();
  }
}
