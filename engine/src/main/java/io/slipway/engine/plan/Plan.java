package io.slipway.engine.plan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code up} will do: steps and the edges between them ({@code to} waits for {@code from}).
 * Invariants: step ids are unique, every edge joins two steps of the plan, the graph has no
 * cycle, and steps and edges are kept in a fixed order, so equal inputs print identically.
 */
public final class Plan {

  /** {@code to} may start only after {@code from} succeeded. */
  public record Edge(StepId from, StepId to) implements Comparable<Edge> {
    @Override
    public int compareTo(Edge other) {
      int c = to.compareTo(other.to);
      return c != 0 ? c : from.compareTo(other.from);
    }
  }

  private final List<Step> steps;
  private final List<Edge> edges;
  private final Map<StepId, Step> byId;
  private final Map<StepId, List<StepId>> dependencies;

  public Plan(List<Step> steps, Set<Edge> edges) {
    this.steps = List.copyOf(steps);
    this.edges = List.copyOf(new TreeSet<>(edges));
    Map<StepId, Step> index = new LinkedHashMap<>();
    for (Step step : this.steps) {
      if (index.put(step.id(), step) != null) {
        throw new IllegalArgumentException("duplicate step " + step.id());
      }
    }
    this.byId = Collections.unmodifiableMap(index);
    Map<StepId, List<StepId>> deps = new HashMap<>();
    for (Edge edge : this.edges) {
      if (!index.containsKey(edge.from()) || !index.containsKey(edge.to())) {
        throw new IllegalArgumentException("edge " + edge + " names a step outside the plan");
      }
      deps.computeIfAbsent(edge.to(), k -> new ArrayList<>()).add(edge.from());
    }
    this.dependencies = deps;
    topologicalOrder();  // rejects cycles
  }

  public List<Step> steps() {
    return steps;
  }

  public List<Edge> edges() {
    return edges;
  }

  public Step step(StepId id) {
    return Objects.requireNonNull(byId.get(id), () -> "no step " + id);
  }

  /** The steps {@code id} waits for, in sorted order. */
  public List<StepId> dependenciesOf(StepId id) {
    return dependencies.getOrDefault(id, List.of());
  }

  /** Every step in an order that respects all edges (Kahn's algorithm, ties in plan order). */
  public List<Step> topologicalOrder() {
    Map<StepId, Integer> waiting = new HashMap<>();
    Map<StepId, List<StepId>> dependents = new HashMap<>();
    for (Edge edge : edges) {
      waiting.merge(edge.to(), 1, Integer::sum);
      dependents.computeIfAbsent(edge.from(), k -> new ArrayList<>()).add(edge.to());
    }
    ArrayDeque<StepId> ready = new ArrayDeque<>();
    for (Step step : steps) {
      if (!waiting.containsKey(step.id())) {
        ready.add(step.id());
      }
    }
    List<Step> order = new ArrayList<>(steps.size());
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

  /** The container specs the plan runs, by host. */
  public Map<String, List<ContainerSpec>> containersByHost() {
    Map<String, List<ContainerSpec>> result = new LinkedHashMap<>();
    for (Step step : steps) {
      if (step instanceof Step.RunContainer run) {
        result.computeIfAbsent(run.id().host(), k -> new ArrayList<>()).add(run.spec());
      }
    }
    return result;
  }
}
