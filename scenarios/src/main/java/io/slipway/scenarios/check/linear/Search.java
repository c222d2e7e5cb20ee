package io.slipway.scenarios.check.linear;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The search for a linearization of one sub-history against a compare-and-set register whose
 * initial value is unknown: Wing &amp; Gong's, with Lowe's memoization of (linearized set, value), as
 * Porcupine's {@code checkSingle} does it (call and return events in one doubly-linked list; an
 * operation is lifted out when linearized and put back when the search backtracks).
 * Indeterminate operations return at infinity and need not be linearized at all: they may not
 * have happened. Every iteration is a step; at {@code maxSteps} the search gives up.
 */
final class Search {

  /** What the search found. */
  enum Found {
    LINEARIZABLE, NOT_LINEARIZABLE, EXHAUSTED
  }

  /** What it found, and after how many steps. */
  record Result(Found found, long steps) {
  }

  private static final long UNKNOWN = Long.MIN_VALUE;

  private final Operation[] ops;
  private final int[] entryOp;
  private final boolean[] isCall;
  private final int[] match;
  private final int[] next;
  private final int[] prev;
  private final int head;

  /** {@code ops} in any order; they are numbered here by invocation. */
  Search(List<Operation> ops) {
    this.ops = ops.stream().sorted(Comparator.comparing(Operation::invoked)).toArray(Operation[]::new);
    int n = this.ops.length;
    Integer[] order = new Integer[2 * n];
    for (int i = 0; i < 2 * n; i++) {
      order[i] = i;
    }
    // entry 2i is op i's call, 2i+1 its return; at equal times calls come first, so the two overlap
    Arrays.sort(order, Comparator.comparingLong((Integer e) -> time(e)).thenComparingInt(e -> e % 2));
    entryOp = new int[2 * n];
    isCall = new boolean[2 * n];
    match = new int[2 * n];
    next = new int[2 * n + 1];
    prev = new int[2 * n + 1];
    head = 2 * n;
    int[] position = new int[2 * n];
    for (int p = 0; p < 2 * n; p++) {
      int e = order[p];
      entryOp[p] = e / 2;
      isCall[p] = e % 2 == 0;
      position[e] = p;
    }
    for (int p = 0; p < 2 * n; p++) {
      int e = order[p];
      match[p] = position[e % 2 == 0 ? e + 1 : e - 1];
    }
    int last = head;
    for (int p = 0; p < 2 * n; p++) {
      next[last] = p;
      prev[p] = last;
      last = p;
    }
    next[last] = -1;
  }

  private long time(int entry) {
    Operation op = ops[entry / 2];
    if (entry % 2 == 0) {
      return nanos(op.invoked());
    }
    return op.indeterminate() ? Long.MAX_VALUE : nanos(op.completed());
  }

  static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  Result run(long maxSteps) {
    int n = ops.length;
    BitSet openDeterminate = new BitSet(n);
    BitSet openIndeterminate = new BitSet(n);
    Map<Long, Integer> leaving = new HashMap<>();  // value -> how many operations not yet linearized leave it
    for (int i = 0; i < n; i++) {
      (ops[i].indeterminate() ? openIndeterminate : openDeterminate).set(i);
      leaving.merge(ops[i].value(), 1, Integer::sum);
    }
    Open open = new Open(openDeterminate, new BitSet(n), openIndeterminate, leaving);
    Set<Key> seen = new HashSet<>();
    Deque<long[]> stack = new ArrayDeque<>();  // {call entry, value before it, 1 if lifted as dead}
    long value = UNKNOWN;
    long steps = 0;
    int entry = next[head];
    while (true) {
      if (++steps > maxSteps) {
        return new Result(Found.EXHAUSTED, steps - 1);
      }
      // only returns at infinity are left: every determinate operation is linearized
      if (entry == -1 || !isCall[entry] && ops[entryOp[entry]].indeterminate()) {
        return new Result(Found.LINEARIZABLE, steps);
      }
      int op = entryOp[entry];
      Operation o = ops[op];
      if (!isCall[entry]) {
        // a determinate operation returns before it was linearized: undo the last choice
        long[] top;
        do {
          if (stack.isEmpty()) {
            return new Result(Found.NOT_LINEARIZABLE, steps);
          }
          top = stack.pop();
          unlift((int) top[0]);
          open.restore(ops[entryOp[(int) top[0]]], entryOp[(int) top[0]]);
          value = top[1];
        } while (top[2] == 1);
        entry = next[(int) top[0]];
      } else if (value == UNKNOWN || value == o.expected()) {
        open.remove(o, op);
        if (seen.add(open.key(o.value(), ops))) {
          stack.push(new long[] {entry, value, 0});
          value = o.value();
          lift(entry);
          entry = next[head];
        } else {
          open.restore(o, op);
          entry = next[entry];
        }
      } else if (o.indeterminate() && !open.leaves(o.expected())) {
        // nothing left can bring the value back to what it expects: it can no longer take effect
        open.remove(o, op);
        stack.push(new long[] {entry, value, 1});
        lift(entry);
        entry = next[entry];
      } else {
        entry = next[entry];
      }
    }
  }

  /** The operations not yet linearized (nor found unable to take effect), and the values they leave. */
  private record Open(BitSet determinate, BitSet done, BitSet indeterminate, Map<Long, Integer> leaving) {
    void remove(Operation o, int op) {
      if (o.indeterminate()) {
        indeterminate.clear(op);
      } else {
        determinate.clear(op);
        done.set(op);
      }
      leaving.merge(o.value(), -1, Integer::sum);
    }

    void restore(Operation o, int op) {
      if (o.indeterminate()) {
        indeterminate.set(op);
      } else {
        determinate.set(op);
        done.clear(op);
      }
      leaving.merge(o.value(), 1, Integer::sum);
    }

    boolean leaves(long value) {
      return leaving.getOrDefault(value, 0) > 0;
    }

    /**
     * What decides the rest of the search: the value, the determinate operations linearized (the
     * first open one, all before it being linearized, and those after it that are), and
     * the indeterminate ones that may still take effect (an indeterminate operation that did, or
     * one whose expected value is neither the value nor left by anything open, never will).
     */
    Key key(long value, Operation[] ops) {
      int p = determinate.nextSetBit(0);
      IntList set = new IntList();
      set.add(p);
      if (p >= 0) {
        for (int i = done.nextSetBit(p + 1); i >= 0; i = done.nextSetBit(i + 1)) {
          set.add(i);
        }
      }
      set.add(-1);
      for (int i = indeterminate.nextSetBit(0); i >= 0; i = indeterminate.nextSetBit(i + 1)) {
        if (value == ops[i].expected() || leaves(ops[i].expected())) {
          set.add(i);
        }
      }
      return new Key(value, set.toArray());
    }
  }

  /** A growing array of ints. */
  private static final class IntList {
    private int[] items = new int[16];
    private int size;

    void add(int i) {
      if (size == items.length) {
        items = Arrays.copyOf(items, size * 2);
      }
      items[size++] = i;
    }

    int[] toArray() {
      return Arrays.copyOf(items, size);
    }
  }

  private void lift(int call) {
    int ret = match[call];
    next[prev[call]] = next[call];
    if (next[call] != -1) {
      prev[next[call]] = prev[call];
    }
    next[prev[ret]] = next[ret];
    if (next[ret] != -1) {
      prev[next[ret]] = prev[ret];
    }
  }

  private void unlift(int call) {
    int ret = match[call];
    next[prev[ret]] = ret;
    if (next[ret] != -1) {
      prev[next[ret]] = ret;
    }
    next[prev[call]] = call;
    if (next[call] != -1) {
      prev[next[call]] = call;
    }
  }

  /** A state of the search, compactly (see {@link Open#key}). */
  private record Key(long value, int[] set) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.value == value && Arrays.equals(k.set, set);
    }

    @Override
    public int hashCode() {
      return 31 * Long.hashCode(value) + Arrays.hashCode(set);
    }

    @Override
    public String toString() {
      return "Key[" + value + ", " + Arrays.toString(set) + "]";
    }
  }
}
