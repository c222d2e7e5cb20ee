package io.slipway.engine.plan;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Distinct strings (a plan's hosts, or its step names), numbered in the order they are first
 * seen; {@link #ranks()} tells where each number falls when the strings are sorted. Sorting the
 * few distinct strings once is what lets {@link Plan} order many steps without comparing ids.
 */
final class Numbering {

  private final Map<String, Integer> numbers = new HashMap<>();
  private String last;
  private int lastNumber;

  /** The number of {@code text}, given it now if it is new. */
  int number(String text) {
    // steps come in runs on one host: the very string numbered last needs no lookup
    if (text != last) {
      Integer number = numbers.get(text);
      if (number == null) {
        number = numbers.size();
        numbers.put(text, number);
      }
      last = text;
      lastNumber = number;
    }
    return lastNumber;
  }

  /** How many distinct strings there are. */
  int size() {
    return numbers.size();
  }

  /** For each number, the place of its string among all of them in sorted order. */
  int[] ranks() {
    String[] sorted = numbers.keySet().toArray(String[]::new);
    Arrays.sort(sorted);
    int[] ranks = new int[sorted.length];
    for (int rank = 0; rank < sorted.length; rank++) {
      ranks[numbers.get(sorted[rank])] = rank;
    }
    return ranks;
  }
}
