package io.slipway.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The plan orders steps and edges exactly as a sorted set of edges and maps keyed by step id
 * would (the plan's first form, kept here as the model), over random graphs: so that what
 * {@code slipway plan} prints does not depend on how the plan is stored.
 */
class PlanProperties {

  /** Steps (sharing hosts and names) and edges between them; an edge now and then goes back, which may close a cycle. */
  record Graph(List<Step> steps, Set<Plan.Edge> edges) {
  }

  @Property(tries = 300)
  void edgesDependenciesAndTheTopologicalOrderAreThoseOfTheModel(@ForAll("graphs") Graph graph) {
    Throwable modelRefused = catchThrowable(() -> Model.order(graph.steps(), graph.edges()));
    Throwable planRefused = catchThrowable(() -> new Plan(graph.steps(), graph.edges()));
    Statistics.label("accepted by the model").collect(modelRefused == null);
    assertThat(planRefused == null).as("the plan accepts the graph exactly when the model does (%s)", modelRefused)
        .isEqualTo(modelRefused == null);
    if (modelRefused != null) {
      return;
    }
    Plan plan = new Plan(graph.steps(), graph.edges());
    assertThat(plan.edges()).as("edges").containsExactlyElementsOf(new TreeSet<>(graph.edges()));
    for (Step step : graph.steps()) {
      assertThat(plan.dependenciesOf(step.id())).as("what %s waits for", step.id())
          .containsExactlyElementsOf(Model.dependencies(graph.edges(), step.id()));
      assertThat(plan.step(step.id())).isSameAs(step);
    }
    assertThat(plan.topologicalOrder()).as("topological order").containsExactlyElementsOf(
        Model.order(graph.steps(), graph.edges()));
  }

  @Provide
  Arbitrary<Graph> graphs() {
    Arbitrary<StepId> ids = Combinators.combine(Arbitraries.of("a", "b", "cluster", "worker-10", "worker-9"),
        Arbitraries.of("etcd", "kubelet", "write:/etc/x", "label-node:b", "w")).as(StepId::new);
    return ids.list().uniqueElements().ofMinSize(1).ofMaxSize(25).flatMap(list -> {
      List<Step> steps = list.stream().map(id -> (Step) new Step.Gate(id, Phase.WORKER)).toList();
      Arbitrary<Plan.Edge> edge = Combinators.combine(Arbitraries.integers().between(0, steps.size() - 1),
          Arbitraries.integers().between(0, steps.size() - 1), Arbitraries.integers().between(0, 29))
          .filter((x, y, back) -> !x.equals(y))
          .as((x, y, back) -> {
            // mostly forward, as the planner adds them; now and then backward, which may close a cycle
            int from = back == 0 ? Math.max(x, y) : Math.min(x, y);
            int to = back == 0 ? Math.min(x, y) : Math.max(x, y);
            return new Plan.Edge(steps.get(from).id(), steps.get(to).id());
          });
      return edge.set().ofMaxSize(40).map(edges -> new Graph(steps, edges));
    });
  }

  /** The plan's first form: a sorted set of edges, and Kahn's algorithm over maps keyed by step id. */
  private static final class Model {

    static List<StepId> dependencies(Set<Plan.Edge> edges, StepId id) {
      return new TreeSet<>(edges).stream().filter(e -> e.to().equals(id)).map(Plan.Edge::from).toList();
    }

    static List<Step> order(List<Step> steps, Set<Plan.Edge> edges) {
      Map<StepId, Step> byId = new LinkedHashMap<>();
      for (Step step : steps) {
        if (byId.put(step.id(), step) != null) {
          throw new IllegalArgumentException("duplicate step " + step.id());
        }
      }
      Map<StepId, Integer> waiting = new HashMap<>();
      Map<StepId, List<StepId>> dependents = new HashMap<>();
      for (Plan.Edge edge : new TreeSet<>(edges)) {
        waiting.merge(edge.to(), 1, Integer::sum);
        dependents.computeIfAbsent(edge.from(), k -> new ArrayList<>()).add(edge.to());
      }
      ArrayDeque<StepId> ready = new ArrayDeque<>();
      steps.stream().filter(s -> !waiting.containsKey(s.id())).forEach(s -> ready.add(s.id()));
      List<Step> order = new ArrayList<>();
      while (!ready.isEmpty()) {
        StepId next = ready.poll();
        order.add(byId.get(next));
        for (StepId dependent : dependents.getOrDefault(next, List.of())) {
          if (waiting.merge(dependent, -1, Integer::sum) == 0) {
            waiting.remove(dependent);
            ready.add(dependent);
          }
        }
      }
      if (order.size() != steps.size()) {
        throw new IllegalArgumentException("the plan has a cycle among " + waiting.keySet());
      }
      return order;
    }
  }
}
