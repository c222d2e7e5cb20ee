package io.slipway.engine.plan.render;

import io.slipway.engine.plan.Phase;
import io.slipway.engine.plan.Plan;
import io.slipway.engine.plan.Step;
import io.slipway.engine.plan.StepId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A plan as a person reads it: per phase, per host, each step with what it waits for. */
public final class PlanText {

  private PlanText() {
  }

  public static String render(Plan plan) {
    StringBuilder out = new StringBuilder();
    long hosts = plan.steps().stream().map(s -> s.id().host()).filter(h -> !h.equals(StepId.CLUSTER)).distinct().count();
    out.append("Plan: ").append(plan.steps().size()).append(" steps on ").append(hosts).append(" hosts, ")
        .append(plan.edges().size()).append(" dependencies\n");
    for (Phase phase : Phase.values()) {
      Map<String, List<Step>> byHost = new LinkedHashMap<>();
      plan.steps().stream().filter(s -> s.phase() == phase)
          .forEach(s -> byHost.computeIfAbsent(s.id().host(), h -> new ArrayList<>()).add(s));
      if (byHost.isEmpty()) {
        continue;
      }
      out.append("\n== phase ").append(phase.label()).append('\n');
      byHost.forEach((host, steps) -> {
        out.append("  ").append(host).append('\n');
        for (Step step : steps) {
          out.append("    ").append(step.describe());
          List<StepId> waits = plan.dependenciesOf(step.id()).stream()
              .filter(d -> !(plan.step(d).phase() == Phase.PREPARE && step.phase() != Phase.PREPARE)).toList();
          if (!waits.isEmpty()) {
            out.append("  <- ").append(waits.stream().map(d -> d.host().equals(host) ? d.name() : d.toString())
                .collect(Collectors.joining(", ")));
          }
          out.append('\n');
        }
      });
    }
    return out.toString();
  }
}
