package io.slipway.simulator.fleet;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what scoped fleets left behind when their process was killed (a CI timeout's
 * SIGKILL runs no shutdown hook, and Ryuk is off on our machines): every container and network
 * whose {@link FleetLabels#OWNER} is gone, by its {@link FleetLabels#RUN}, as Ryuk would.
 */
public final class FleetReaper {

  private static final Logger LOG = LoggerFactory.getLogger(FleetReaper.class);

  /** A fleet left by a process that is gone. */
  public record Orphan(String fleet, String run, FleetOwner owner) {
  }

  private FleetReaper() {
  }

  /** The fleets whose owner is gone, one per run. */
  public static List<Orphan> orphans(DockerClient docker) {
    Map<String, Orphan> byRun = new LinkedHashMap<>();
    for (Container container : docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(FleetLabels.OWNER))
        .exec()) {
      orphan(container.getLabels()).ifPresent(o -> byRun.putIfAbsent(o.run(), o));
    }
    for (Network network : docker.listNetworksCmd().withFilter("label", List.of(FleetLabels.OWNER)).exec()) {
      orphan(network.getLabels()).ifPresent(o -> byRun.putIfAbsent(o.run(), o));
    }
    return List.copyOf(byRun.values());
  }

  /** Removes every orphaned fleet; returns those removed. */
  public static List<Orphan> reap(DockerClient docker) {
    List<Orphan> orphans = orphans(docker);
    for (Orphan orphan : orphans) {
      FleetResources.Removed removed = FleetResources.remove(docker, FleetLabels.RUN, orphan.run());
      LOG.warn("removed fleet {} (run {}): its process {} on {} is gone; {} containers, {} networks", orphan.fleet(),
          orphan.run(), orphan.owner().pid(), orphan.owner().host(), removed.containers(), removed.networks());
    }
    return orphans;
  }

  private static Optional<Orphan> orphan(Map<String, String> labels) {
    String run = labels.get(FleetLabels.RUN);
    return FleetOwner.parse(labels.get(FleetLabels.OWNER)).filter(owner -> run != null && owner.isGone())
        .map(owner -> new Orphan(labels.getOrDefault(FleetLabels.FLEET, "?"), run, owner));
  }
}
