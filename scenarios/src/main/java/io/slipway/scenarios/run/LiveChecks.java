package io.slipway.scenarios.run;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.scenarios.check.Judgement;
import io.slipway.reports.history.Entry;
import io.slipway.reports.history.Outcome;
import io.slipway.scenarios.probe.ApiProbes;
import io.slipway.scenarios.probe.ClusterAccess;
import io.slipway.simulator.Poll;
import io.slipway.simulator.fleet.FleetNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/** Checks that need a look at the cluster as it is now, besides the recorded history. */
final class LiveChecks {

  private LiveChecks() {
  }

  /**
   * Every write the API acknowledged is still there: a final read (retried for up to 30 s while
   * the cluster settles) lists the probe's ConfigMaps; an acknowledged one missing is a lost write.
   * Indeterminate writes may or may not be there, and are counted, not judged.
   */
  static Judgement noLostWrites(ClusterAccess access, List<Entry.Sample> writes) {
    Set<Long> acknowledged = new TreeSet<>();
    Set<Long> indeterminate = new TreeSet<>();
    for (Entry.Sample write : writes) {
      long sequence = write.value().path("sequence").asLong();
      if (write.outcome() == Outcome.OK) {
        acknowledged.add(sequence);
      } else if (write.outcome() == Outcome.INDETERMINATE) {
        indeterminate.add(sequence);
      }
    }
    if (acknowledged.isEmpty()) {
      return Judgement.unknown("no write was acknowledged, so none could be lost");
    }
    AtomicReference<Set<Long>> present = new AtomicReference<>();
    Poll.until(Duration.ofSeconds(30), Duration.ofSeconds(1), () -> {
      Optional<Set<Long>> read = ApiProbes.writesPresent(access);
      read.ifPresent(present::set);
      return read.isPresent();
    });
    if (present.get() == null) {
      return Judgement.unknown("the final read did not succeed within 30 s");
    }
    List<Long> lost = new ArrayList<>(acknowledged);
    lost.removeAll(present.get());
    long indeterminatePresent = indeterminate.stream().filter(present.get()::contains).count();
    ObjectNode figures = JsonNodeFactory.instance.objectNode().put("acknowledged", acknowledged.size())
        .put("lost", lost.size()).put("indeterminate", indeterminate.size())
        .put("indeterminate_present", indeterminatePresent);
    return Judgement.of(lost.isEmpty(), lost.isEmpty()
        ? "all " + acknowledged.size() + " acknowledged writes found (" + indeterminate.size() + " indeterminate, "
            + indeterminatePresent + " of them present)"
        : lost.size() + " acknowledged writes lost: " + lost.subList(0, Math.min(10, lost.size())), figures);
  }

  /** Every etcd node holds at least one {@code <timestamp>_etcd.zip} in /opt/rke/etcd-snapshots. */
  static Judgement snapshotsPresent(List<FleetNode> etcdNodes) {
    ObjectNode figures = JsonNodeFactory.instance.objectNode();
    List<String> missing = new ArrayList<>();
    for (FleetNode node : etcdNodes) {
      long count = node.exec("sh", "-c", "ls /opt/rke/etcd-snapshots/ 2>/dev/null").stdout().lines()
          .filter(f -> f.matches("[0-9T:-]+Z_etcd\\.zip")).count();
      figures.put(node.name(), count);
      if (count == 0) {
        missing.add(node.name());
      }
    }
    return Judgement.of(missing.isEmpty(), missing.isEmpty() ? "every etcd node holds a snapshot: " + figures
        : "no snapshot on " + String.join(", ", missing), figures);
  }
}
