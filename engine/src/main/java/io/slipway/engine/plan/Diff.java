package io.slipway.engine.plan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares the containers a host should run with the Slipway-managed containers it runs, by
 * name and spec hash. Pure. A host that already runs every desired spec gets only
 * {@link ContainerChange.Keep}s: a second {@code up} with nothing changed changes nothing.
 */
public final class Diff {

  private Diff() {
  }

  public static List<ContainerChange> between(Collection<ContainerSpec> desired, Collection<ObservedContainer> observed) {
    Map<String, ObservedContainer> present = new LinkedHashMap<>();
    observed.forEach(o -> present.put(o.name(), o));
    List<ContainerChange> changes = new ArrayList<>();
    for (ContainerSpec spec : desired) {
      ObservedContainer found = present.remove(spec.name());
      String recorded = spec.labels().get(ContainerSpec.HASH_LABEL);
      String hash = recorded != null ? recorded : spec.hash();  // hashing is the cost of a diff: only when unlabelled
      if (found == null) {
        changes.add(new ContainerChange.Create(spec));
      } else if (!hash.equals(found.specHash())) {
        changes.add(new ContainerChange.Replace(spec, found, "spec changed (" + found.specHash() + " -> " + hash + ")"));
      } else if (!found.running()) {
        changes.add(new ContainerChange.Replace(spec, found, "not running"));
      } else {
        changes.add(new ContainerChange.Keep(spec));
      }
    }
    present.values().stream().sorted(java.util.Comparator.comparing(ObservedContainer::name))
        .forEach(o -> changes.add(new ContainerChange.Remove(o)));
    return changes;
  }
}
