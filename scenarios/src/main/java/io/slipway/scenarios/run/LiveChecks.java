package io.slipway.scenarios.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.engine.Poll;
import io.slipway.scenarios.probe.ApiProbes;
import io.slipway.scenarios.probe.ClusterAccess;
import io.slipway.simulator.fleet.FleetNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the checks that look at the cluster itself see, as JSON to record in the history
 * ({@code observed} entries); the judging is the {@link io.slipway.scenarios.check.Checker}'s.
 */
final class LiveChecks {

  private LiveChecks() {
  }

  /**
   * The sequence numbers of every write probe ConfigMap the API lists now, read (retried for up
   * to 30 s while the cluster settles): {@code {"present": [..]}}, or {@code {"error": ..}}.
   */
  static ObjectNode finalRead(ClusterAccess access) {
    AtomicReference<Set<Long>> present = new AtomicReference<>();
    AtomicReference<Instant> sent = new AtomicReference<>();
    Poll.until(Duration.ofSeconds(30), Duration.ofSeconds(1), () -> {
      Instant start = Instant.now();
      Optional<Set<Long>> read = ApiProbes.writesPresent(access);
      read.ifPresent(found -> {
        present.set(found);
        sent.set(start);
      });
      return read.isPresent();
    });
    ObjectNode seen = JsonNodeFactory.instance.objectNode();
    if (present.get() == null) {
      return seen.put("error", "the final read did not succeed within 30 s");
    }
    // a write acknowledged after the read was sent may or may not be in it: the checker needs to know
    seen.put("sent", sent.get().toString());
    ArrayNode list = seen.putArray("present");
    new TreeSet<>(present.get()).forEach(list::add);
    return seen;
  }

  /** How many {@code <timestamp>_etcd.zip} files each etcd node holds in /opt/rke/etcd-snapshots: {@code {"master-1": 2, ..}}. */
  static ObjectNode snapshotListing(List<FleetNode> etcdNodes) {
    ObjectNode counts = JsonNodeFactory.instance.objectNode();
    for (FleetNode node : etcdNodes) {
      counts.put(node.name(), node.exec("sh", "-c", "ls /opt/rke/etcd-snapshots/ 2>/dev/null").stdout().lines()
          .filter(f -> f.matches("[0-9T:-]+Z_etcd\\.zip")).count());
    }
    return counts;
  }
}
