package io.slipway.scenarios.check.linear;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a compare-and-set register history is linearizable, over a window of it, and when it is
 * not, the shortest window that is not on its own.
 *
 * <p>A window starts at a quiet instant, where no determinate operation is in flight (every one
 * before it completed before every one after it was invoked, so the two sides are ordered in every
 * linearization), with the register's value unknown. It holds the determinate operations invoked
 * from there to its end; the operations invoked after its end but before its last one completed,
 * as indeterminate (they may have taken effect in it); and the indeterminate operations invoked
 * before that, of those that could take effect in it (one from value a, when some operation in it
 * leaves a; else only first, which an unknown start already allows). Each window so made is
 * linearizable whenever the whole history is, so a window that is not proves the history is not.
 * Pure.
 */
public final class Linearizability {

  /** A bound that checks a 10-minute history of four clients at 200 ms many times over (benchmarks/). */
  public static final long DEFAULT_MAX_STEPS = 10_000_000;

  private final List<Operation> determinate;
  private final List<Operation> indeterminate;
  private final List<Integer> cuts;  // positions in determinate before which no determinate op is in flight
  private final long maxSteps;
  private long steps;

  private Linearizability(List<Operation> history, long maxSteps) {
    Comparator<Operation> byInvocation = Comparator.comparing(Operation::invoked);
    this.determinate = history.stream().filter(o -> !o.indeterminate()).sorted(byInvocation).toList();
    this.indeterminate = history.stream().filter(Operation::indeterminate).sorted(byInvocation).toList();
    this.maxSteps = maxSteps;
    this.cuts = new ArrayList<>();
    Instant lastCompleted = Instant.MIN;
    for (int k = 0; k < determinate.size(); k++) {
      if (lastCompleted.isBefore(determinate.get(k).invoked())) {
        cuts.add(k);
      }
      Instant done = determinate.get(k).completed();
      lastCompleted = done.isAfter(lastCompleted) ? done : lastCompleted;
    }
    cuts.add(determinate.size());
  }

  /**
   * Checks the operations of {@code history} invoked within [{@code from}, {@code to}] (widened to
   * the quiet instants around them), each search bounded by {@code maxSteps}.
   */
  public static Verdict check(List<Operation> history, Instant from, Instant to, long maxSteps) {
    if (maxSteps < 1) {
      throw new IllegalArgumentException("maxSteps must be at least 1");
    }
    return new Linearizability(history, maxSteps).check(from, to);
  }

  /** The whole history. */
  public static Verdict check(List<Operation> history, long maxSteps) {
    return check(history, Instant.MIN, Instant.MAX, maxSteps);
  }

  private Verdict check(Instant from, Instant to) {
    int firstOp = 0;
    while (firstOp < determinate.size() && determinate.get(firstOp).invoked().isBefore(from)) {
      firstOp++;
    }
    int endOp = endOf(firstOp, to);
    int first = 0;
    while (first + 1 < cuts.size() && cuts.get(first + 1) <= firstOp) {
      first++;
    }
    int start = cuts.get(first);
    List<Operation> whole = window(start, endOp);
    Search.Found found = search(whole);
    if (found == Search.Found.LINEARIZABLE) {
      return new Verdict.Linearizable(whole.size(), steps);
    }
    if (found == Search.Found.EXHAUSTED) {
      return new Verdict.Exhausted(whole.size(), maxSteps, steps);
    }
    // the earliest end at which it already fails, then the latest start that still fails there;
    // both move monotonically (a window cut out of one that linearizes linearizes), so bisect
    List<Integer> ends = new ArrayList<>(cuts.stream().filter(c -> c > start && c < endOp).toList());
    ends.add(endOp);
    int lo = 0;
    int hi = ends.size() - 1;
    while (lo < hi) {
      int mid = (lo + hi) / 2;
      Search.Found f = search(window(start, ends.get(mid)));
      if (f == Search.Found.EXHAUSTED) {
        break;
      }
      if (f == Search.Found.NOT_LINEARIZABLE) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    final int end = ends.get(hi);
    List<Integer> starts = cuts.stream().filter(c -> c >= start && c < end).toList();
    lo = 0;
    hi = starts.size() - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) / 2;
      Search.Found f = search(window(starts.get(mid), end));
      if (f == Search.Found.EXHAUSTED) {
        break;
      }
      if (f == Search.Found.NOT_LINEARIZABLE) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    List<Operation> window = window(starts.get(lo), end);
    Instant begin = window.stream().map(Operation::invoked).min(Comparator.naturalOrder()).orElseThrow();
    Instant stop = window.stream().map(o -> o.indeterminate() ? o.invoked() : o.completed())
        .max(Comparator.naturalOrder()).orElseThrow();
    return new Verdict.NotLinearizable(window, begin, stop, steps);
  }

  /** The position of the first determinate operation from {@code firstOp} on invoked after {@code to}. */
  private int endOf(int firstOp, Instant to) {
    int end = firstOp;
    while (end < determinate.size() && !determinate.get(end).invoked().isAfter(to)) {
      end++;
    }
    return end;
  }

  private Search.Found search(List<Operation> window) {
    Search.Result result = new Search(window).run(maxSteps);
    steps += result.steps();
    return result.found();
  }

  /**
   * The determinate operations at positions [{@code start}, {@code end}), {@code start} a cut; with
   * every indeterminate operation, and every later one, invoked before the last of them completed
   * (the later ones as indeterminate: the window ends before they are judged), those that could take
   * effect in it.
   */
  private List<Operation> window(int start, int end) {
    List<Operation> ops = new ArrayList<>(determinate.subList(start, end));
    Instant done = ops.stream().map(Operation::completed).max(Comparator.naturalOrder()).orElse(Instant.MIN);
    List<Operation> candidates = new ArrayList<>();
    indeterminate.stream().filter(o -> o.invoked().isBefore(done)).forEach(candidates::add);
    determinate.subList(end, determinate.size()).stream().takeWhile(o -> o.invoked().isBefore(done))
        .filter(o -> o.kind() == Operation.Kind.CAS)
        .forEach(o -> candidates.add(Operation.indeterminate(o.client(), o.expected(), o.value(), o.invoked())));
    // an indeterminate operation from a takes effect only where something leaves a (or first)
    boolean changed = true;
    while (changed) {
      Set<Long> left = new HashSet<>();
      ops.forEach(o -> left.add(o.value()));
      candidates.forEach(o -> left.add(o.value()));
      changed = candidates.removeIf(o -> !left.contains(o.expected()));
    }
    ops.addAll(candidates);
    return ops;
  }
}
