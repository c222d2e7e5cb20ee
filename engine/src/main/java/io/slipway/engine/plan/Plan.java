package io.slipway.engine.plan;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;

/**
 * What {@code up} will do: steps and the edges between them ({@code to} waits for {@code from}).
 * Invariants: step ids are unique, every edge joins two steps of the plan, the graph has no
 * cycle, and steps and edges are kept in a fixed order, so equal inputs print identically: steps
 * in the order they were added, edges by the id of the step that waits, then by the id of the
 * step it waits for.
 *
 * <p>Inside, a step is known by its position and an edge is a pair of positions: no map keyed by
 * step id, no sorted set of edges, no comparison of ids. Building a plan of n steps and e edges
 * takes O(n + e) time and memory (counting sorts), but for sorting the distinct hosts and step
 * names, which are few (see {@link Numbering}); looking a step up by id is a binary search. Edges
 * that all go forward, from a step to one added after it (as the planner adds them), cannot close
 * a cycle: only a plan with an edge going back is searched for one.
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
  /** Positions of the steps, sorted by id. */
  private final int[] idOrder;
  /** The edges into the step at {@code idOrder[r]} are those from {@code edgeStart[r]} to {@code edgeStart[r + 1]}. */
  private final int[] edgeStart;
  /** Each edge as the positions of its two steps, in the order {@link #edges()} lists them. */
  private final int[] edgeFrom;
  private final int[] edgeTo;

  public Plan(List<Step> steps, Set<Edge> edges) {
    this(byPosition(steps, edges));
  }

  private Plan(Builder builder) {
    this.steps = builder.handOver();
    int n = steps.size();
    // Steps sorted by id without comparing ids: by the rank of their name among the distinct
    // names, then stably by the rank of their host among the distinct hosts (two counting sorts).
    int[] hostRanks = builder.hosts.ranks();
    int[] nameRanks = builder.names.ranks();
    IntUnaryOperator byName = position -> nameRanks[builder.nameOf[position]];
    IntUnaryOperator byHost = position -> hostRanks[builder.hostOf[position]];
    this.idOrder = sortedBy(byHost, hostRanks.length, sortedBy(byName, nameRanks.length, IntStream.range(0, n).toArray()));
    int[] rank = new int[n];
    for (int r = 0; r < n; r++) {
      rank[idOrder[r]] = r;
      // equal ids are neighbours in id order
      if (r > 0 && builder.hostOf[idOrder[r]] == builder.hostOf[idOrder[r - 1]]
          && builder.nameOf[idOrder[r]] == builder.nameOf[idOrder[r - 1]]) {
        throw new IllegalArgumentException("duplicate step " + id(idOrder[r]));
      }
    }
    // Edges sorted likewise: by the rank of the step waited for, then stably by the rank of the
    // step that waits; an edge added twice is kept once.
    IntUnaryOperator fromRank = k -> rank[builder.from[k]];
    IntUnaryOperator toRank = k -> rank[builder.to[k]];
    int[] sorted = sortedBy(toRank, n, sortedBy(fromRank, n, IntStream.range(0, builder.edges).toArray()));
    int[] from = new int[sorted.length];
    int[] to = new int[sorted.length];
    this.edgeStart = new int[n + 1];
    int kept = 0;
    for (int k : sorted) {
      if (kept == 0 || builder.from[k] != from[kept - 1] || builder.to[k] != to[kept - 1]) {
        from[kept] = builder.from[k];
        to[kept] = builder.to[k];
        edgeStart[toRank.applyAsInt(k) + 1]++;
        kept++;
      }
    }
    accumulate(edgeStart);
    this.edgeFrom = kept == from.length ? from : Arrays.copyOf(from, kept);
    this.edgeTo = kept == to.length ? to : Arrays.copyOf(to, kept);
    if (builder.backward) {
      topologicalPositions();  // rejects cycles
    }
  }

  public List<Step> steps() {
    return steps;
  }

  /** Every edge, by the id of the step that waits, then by the id of the step it waits for. */
  public List<Edge> edges() {
    return new AbstractList<>() {
      @Override
      public Edge get(int k) {
        return new Edge(id(edgeFrom[k]), id(edgeTo[k]));
      }

      @Override
      public int size() {
        return edgeFrom.length;
      }
    };
  }

  public Step step(StepId id) {
    int r = rankOf(id);
    return Objects.requireNonNull(r < 0 ? null : steps.get(idOrder[r]), () -> "no step " + id);
  }

  /** The steps {@code id} waits for, in sorted order. */
  public List<StepId> dependenciesOf(StepId id) {
    int r = rankOf(id);
    if (r < 0) {
      return List.of();
    }
    int first = edgeStart[r];
    int size = edgeStart[r + 1] - first;
    return new AbstractList<>() {
      @Override
      public StepId get(int k) {
        return id(edgeFrom[first + Objects.checkIndex(k, size)]);
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  /** Every step in an order that respects all edges (Kahn's algorithm, ties in plan order). */
  public List<Step> topologicalOrder() {
    List<Step> order = new ArrayList<>(steps.size());
    for (int position : topologicalPositions()) {
      order.add(steps.get(position));
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

  private StepId id(int position) {
    return steps.get(position).id();
  }

  /** Where {@code id} is in {@link #idOrder}, or -1 when no step has it. */
  private int rankOf(StepId id) {
    int low = 0;
    int high = idOrder.length - 1;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      int c = id(idOrder[middle]).compareTo(id);
      if (c == 0) {
        return middle;
      }
      if (c < 0) {
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return -1;
  }

  /**
   * Positions in an order that respects all edges. The queue of steps whose dependencies are
   * done is the front of the result itself; a step's dependents are released in edge order.
   */
  private int[] topologicalPositions() {
    int n = steps.size();
    int[] waiting = new int[n];
    int[] dependentStart = new int[n + 1];
    for (int r = 0; r < n; r++) {
      waiting[idOrder[r]] = edgeStart[r + 1] - edgeStart[r];
    }
    for (int from : edgeFrom) {
      dependentStart[from + 1]++;
    }
    accumulate(dependentStart);
    int[] dependents = new int[edgeFrom.length];
    int[] next = Arrays.copyOf(dependentStart, n);
    for (int k = 0; k < edgeFrom.length; k++) {
      dependents[next[edgeFrom[k]]++] = edgeTo[k];
    }
    int[] order = new int[n];
    int done = 0;
    int queued = 0;
    for (int position = 0; position < n; position++) {
      if (waiting[position] == 0) {
        order[queued++] = position;
      }
    }
    while (done < queued) {
      int position = order[done++];
      for (int k = dependentStart[position]; k < dependentStart[position + 1]; k++) {
        if (--waiting[dependents[k]] == 0) {
          order[queued++] = dependents[k];
        }
      }
    }
    if (queued != n) {
      List<StepId> cycle = new ArrayList<>();
      for (int position = 0; position < n; position++) {
        if (waiting[position] > 0) {
          cycle.add(id(position));
        }
      }
      throw new IllegalArgumentException("the plan has a cycle among " + cycle);
    }
    return order;
  }

  /** {@code items} sorted by their key, which is below {@code keys}, stably: a counting sort. */
  private static int[] sortedBy(IntUnaryOperator key, int keys, int[] items) {
    int[] next = new int[keys + 1];
    for (int item : items) {
      next[key.applyAsInt(item) + 1]++;
    }
    accumulate(next);
    int[] sorted = new int[items.length];
    for (int item : items) {
      sorted[next[key.applyAsInt(item)]++] = item;
    }
    return sorted;
  }

  /** Turns counts into running totals: {@code counts[i]} becomes the sum of the counts up to and including i. */
  private static void accumulate(int[] counts) {
    for (int i = 1; i < counts.length; i++) {
      counts[i] += counts[i - 1];
    }
  }

  private static Builder byPosition(List<Step> steps, Set<Edge> edges) {
    Builder builder = new Builder();
    Map<StepId, Integer> positions = new HashMap<>();
    for (Step step : steps) {
      if (positions.putIfAbsent(step.id(), builder.add(step)) != null) {
        throw new IllegalArgumentException("duplicate step " + step.id());
      }
    }
    for (Edge edge : edges) {
      Integer from = positions.get(edge.from());
      Integer to = positions.get(edge.to());
      if (from == null || to == null) {
        throw new IllegalArgumentException("edge " + edge + " names a step outside the plan");
      }
      builder.edge(from, to);
    }
    return builder;
  }

  /**
   * Collects a plan's steps, each known by its position (the order it was added in), and the
   * edges between positions; {@link #build()} checks the invariants and orders the edges. An
   * edge added twice is kept once. One builder makes one plan.
   */
  public static final class Builder {
    private final List<Step> steps = new ArrayList<>();
    private final Numbering hosts = new Numbering();
    private final Numbering names = new Numbering();
    /** The number of each step's host and name, by position. */
    private int[] hostOf = new int[64];
    private int[] nameOf = new int[64];
    private int[] from = new int[64];
    private int[] to = new int[64];
    private int edges;
    /** Whether an edge goes back, from a step to itself or one added before it: only then can there be a cycle. */
    private boolean backward;
    private boolean built;

    /** Adds {@code step} after every step added so far, and returns its position. */
    public int add(Step step) {
      if (built) {
        throw new IllegalStateException("the plan is built already");
      }
      int position = steps.size();
      steps.add(Objects.requireNonNull(step, "step"));
      if (position == hostOf.length) {
        hostOf = Arrays.copyOf(hostOf, 2 * position);
        nameOf = Arrays.copyOf(nameOf, 2 * position);
      }
      hostOf[position] = hosts.number(step.id().host());
      nameOf[position] = names.number(step.id().name());
      return position;
    }

    /** The step at position {@code to} waits for the one at {@code from}; both were added already. */
    public void edge(int from, int to) {
      if (built) {
        throw new IllegalStateException("the plan is built already");
      }
      Objects.checkIndex(from, steps.size());
      Objects.checkIndex(to, steps.size());
      if (edges == this.from.length) {
        this.from = Arrays.copyOf(this.from, 2 * edges);
        this.to = Arrays.copyOf(this.to, 2 * edges);
      }
      this.from[edges] = from;
      this.to[edges] = to;
      edges++;
      backward |= from >= to;
    }

    /**
     * The plan of the steps and edges added; throws IllegalArgumentException on a duplicate id or
     * a cycle. Nothing can be added after.
     */
    public Plan build() {
      return new Plan(this);
    }

    /** The steps, which the plan takes over as they are: no step is added after. */
    private List<Step> handOver() {
      built = true;
      return Collections.unmodifiableList(steps);
    }
  }
}
