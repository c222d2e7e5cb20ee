package io.slipway.benchmarks;

import io.slipway.engine.plan.Phase;
import io.slipway.engine.plan.Plan;
import io.slipway.engine.plan.Step;
import io.slipway.engine.plan.StepId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A plan's shape with its contents left out: each step's host, name and phase, and each edge as
 * the positions of its two steps. {@link #build()} makes a plan of that shape whose steps are all
 * gates, with nothing to decide: the floor under the planner's time and allocation.
 */
final class PlanShape {

  private final String[] hosts;
  private final String[] names;
  private final Phase[] phases;
  private final int[] from;
  private final int[] to;

  private PlanShape(String[] hosts, String[] names, Phase[] phases, int[] from, int[] to) {
    this.hosts = hosts;
    this.names = names;
    this.phases = phases;
    this.from = from;
    this.to = to;
  }

  static PlanShape of(Plan plan) {
    List<Step> steps = plan.steps();
    String[] hosts = new String[steps.size()];
    String[] names = new String[steps.size()];
    Phase[] phases = new Phase[steps.size()];
    Map<StepId, Integer> positions = new HashMap<>();
    for (int i = 0; i < steps.size(); i++) {
      hosts[i] = steps.get(i).id().host();
      names[i] = steps.get(i).id().name();
      phases[i] = steps.get(i).phase();
      positions.put(steps.get(i).id(), i);
    }
    List<Plan.Edge> edges = plan.edges();
    int[] from = new int[edges.size()];
    int[] to = new int[edges.size()];
    for (int k = 0; k < edges.size(); k++) {
      from[k] = positions.get(edges.get(k).from());
      to[k] = positions.get(edges.get(k).to());
    }
    return new PlanShape(hosts, names, phases, from, to);
  }

  /** A new plan of this shape: a gate per step (a new id from the kept strings), then the edges. */
  Plan build() {
    Plan.Builder builder = new Plan.Builder();
    for (int i = 0; i < hosts.length; i++) {
      builder.add(new Step.Gate(new StepId(hosts[i], names[i]), phases[i]));
    }
    for (int k = 0; k < from.length; k++) {
      builder.edge(from[k], to[k]);
    }
    return builder.build();
  }
}
