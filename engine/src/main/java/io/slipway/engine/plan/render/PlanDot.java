package io.slipway.engine.plan.render;

import io.slipway.engine.plan.Plan;
import io.slipway.engine.plan.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A plan as a Graphviz digraph: one cluster per host, edges from each step to what waits for it. */
public final class PlanDot {

  private PlanDot() {
  }

  public static String render(Plan plan) {
    StringBuilder out = new StringBuilder("digraph plan {\n  rankdir=LR;\n  node [shape=box, fontsize=10];\n");
    Map<String, List<Step>> byHost = new LinkedHashMap<>();
    plan.steps().forEach(s -> byHost.computeIfAbsent(s.id().host(), h -> new ArrayList<>()).add(s));
    byHost.forEach((host, steps) -> {
      out.append("  subgraph \"cluster_").append(escape(host)).append("\" {\n    label=\"").append(escape(host))
          .append("\";\n");
      for (Step step : steps) {
        out.append("    \"").append(escape(step.id().toString())).append("\" [label=\"").append(escape(step.describe()))
            .append("\"];\n");
      }
      out.append("  }\n");
    });
    for (Plan.Edge edge : plan.edges()) {
      out.append("  \"").append(escape(edge.from().toString())).append("\" -> \"").append(escape(edge.to().toString()))
          .append("\";\n");
    }
    return out.append("}\n").toString();
  }

  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
