package io.slipway.scenarios.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.reports.history.ProbeKind;
import io.slipway.simulator.fleet.FleetSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A rehearsal as a scenario file describes it: the fleet to start, the cluster.yml to deploy
 * onto it (with {@code ${…}} placeholders filled from the fleet), the probes that watch the
 * cluster throughout, and the steps, in order. The seed makes every random choice repeatable.
 * An audit of an operator's cluster.yml carries its {@link AuditSpec}.
 */
public record Scenario(String name, String description, Path file, long seed, FleetSpec fleet, ObjectNode cluster,
    Map<ProbeKind, ProbeSpec> probes, List<ScenarioStep> steps, Optional<AuditSpec> audit) {

  public Scenario {
    probes = Map.copyOf(probes);
    steps = List.copyOf(steps);
  }

  public Scenario withSeed(long newSeed) {
    return new Scenario(name, description, file, newSeed, fleet, cluster, probes, steps, audit);
  }
}
