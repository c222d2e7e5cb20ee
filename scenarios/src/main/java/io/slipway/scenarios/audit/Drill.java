package io.slipway.scenarios.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.reports.history.Entry;
import java.util.List;

/**
 * One drill of the catalogue: its id (also its scenario file's name), title, whether the quick
 * audit runs it, what the topology should do and why, and its scenario steps, the first of them
 * the {@code drill} marker. Every drill leaves the cluster healed and healthy.
 */
public record Drill(String id, String title, boolean quick, Entry.Expected expected, String why,
    List<ObjectNode> steps) {

  public Drill {
    steps = List.copyOf(steps);
  }
}
