package io.slipway.engine.plan.render;

import io.slipway.engine.plan.PlanChanges;
import java.util.List;

/**
 * What {@code up} would change on a deployed cluster, as a person reads it: per host, one line
 * per container, file or cluster action ({@code + create}, {@code ~ replace (args changed:
 * --max-pods)}, {@code > start}, {@code - remove}), then the summary line.
 */
public final class ChangesText {

  private ChangesText() {
  }

  /** {@code against} says what was compared, e.g. "the 7 hosts (looked at read-only)"; {@code leftAsTheyWere} are unreachable removed nodes. */
  public static String render(PlanChanges changes, String against, List<String> leftAsTheyWere) {
    StringBuilder out = new StringBuilder();
    out.append("Compared with ").append(against).append(":\n");
    String host = null;
    for (PlanChanges.Entry entry : changes.entries()) {
      if (!entry.host().equals(host)) {
        host = entry.host();
        out.append('\n').append(host).append('\n');
      }
      out.append("  ").append(entry.symbol()).append(' ').append(entry.action()).append(' ')
          .append(entry.kind() == PlanChanges.Kind.FILE ? "file " : entry.kind() == PlanChanges.Kind.ADDON ? "addon " : "")
          .append(entry.subject());
      if (!entry.reasons().isEmpty()) {
        out.append(" (").append(String.join("; ", entry.reasons())).append(')');
      }
      out.append('\n');
    }
    for (String node : leftAsTheyWere) {
      out.append('\n').append(node).append("\n  unreachable: left as it is\n");
    }
    if (!changes.any()) {
      out.append("\nNothing to change.\n");
    }
    out.append('\n').append(changes.summary()).append('\n');
    return out.toString();
  }
}
