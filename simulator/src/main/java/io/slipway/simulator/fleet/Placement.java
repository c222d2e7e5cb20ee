package io.slipway.simulator.fleet;

import io.slipway.engine.config.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * Which engine each node of a fleet runs on: the nodes that hold the cluster's quorum and its
 * apiservers (etcd, controlplane) spread over as many engines as there are, so that losing one
 * engine loses as few of them as can be; the rest by weight. Pure: the same spec and weights
 * always give the same placement.
 */
public final class Placement {

  private Placement() {
  }

  /**
   * The engine index (into {@code weights}) of each node of {@code nodes}, in their order. Nodes
   * with etcd or controlplane are placed first, each on the engine holding the fewest of them per
   * unit of weight; then the others, each on the engine holding the fewest nodes per unit of
   * weight. Ties go to the engine holding fewer of the other kind per unit of weight (a worker
   * to the engine with fewer masters), then to the engine listed first.
   */
  public static List<Integer> of(List<NodeSpec> nodes, List<Integer> weights) {
    if (weights.isEmpty()) {
      throw new IllegalArgumentException("no engine to place nodes on");
    }
    int[] control = new int[weights.size()];
    int[] all = new int[weights.size()];
    Integer[] placed = new Integer[nodes.size()];
    for (boolean controlPass : new boolean[] {true, false}) {
      for (int i = 0; i < nodes.size(); i++) {
        if (holdsControl(nodes.get(i)) != controlPass) {
          continue;
        }
        int best = 0;
        for (int e = 1; e < weights.size(); e++) {
          if (controlPass ? lighter(control, all, e, best, weights) : lighter(all, control, e, best, weights)) {
            best = e;
          }
        }
        placed[i] = best;
        all[best]++;
        if (controlPass) {
          control[best]++;
        }
      }
    }
    return new ArrayList<>(List.of(placed));
  }

  /** Whether engine {@code a} holds less of {@code first} per weight than {@code b} (then of {@code second}). */
  private static boolean lighter(int[] first, int[] second, int a, int b, List<Integer> weights) {
    long byFirst = (long) first[a] * weights.get(b) - (long) first[b] * weights.get(a);
    if (byFirst != 0) {
      return byFirst < 0;
    }
    return (long) second[a] * weights.get(b) < (long) second[b] * weights.get(a);
  }

  private static boolean holdsControl(NodeSpec node) {
    return node.roles().contains(Role.ETCD) || node.roles().contains(Role.CONTROLPLANE);
  }
}
