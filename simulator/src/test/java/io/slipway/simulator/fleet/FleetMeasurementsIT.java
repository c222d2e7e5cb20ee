package io.slipway.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Statistics;
import io.slipway.engine.config.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

/**
 * Measures, and prints, what a fleet costs: time to start 3 and 8 nodes in parallel from
 * built images, and the memory of an idle node. Figures are printed, never asserted.
 */
class FleetMeasurementsIT {

  @TempDir
  Path directory;

  @Test
  void startTimesAndIdleMemoryOfThreeAndEightNodeFleets() throws Exception {
    for (int size : new int[] {3, 8}) {
      FleetSpec spec = new FleetSpec("measure-" + size + "-" + Long.toHexString(System.nanoTime() & 0xfffff),
          IntStream.rangeClosed(1, size).mapToObj(i -> NodeSpec.of("node-" + i, Role.WORKER)).toList());
      List<String> milestones = new ArrayList<>();
      long start = System.nanoTime();
      try (ContainerFleet fleet = ContainerFleet.start(spec,
          FleetOptions.scoped(directory.resolve("f" + size)).withProgress(milestones::add))) {
        Duration total = Duration.ofNanos(System.nanoTime() - start);
        assertThat(fleet.nodes()).hasSize(size);
        long memory = 0;
        for (FleetNode node : fleet.nodes()) {
          memory += memoryBytes(((ContainerNode) node).containerId());
        }
        System.out.printf("MEASURED fleet of %d nodes: %s total (%s); idle node memory %.1f MiB on average%n",
            size, format(total), String.join("; ", milestones.stream().filter(m -> m.contains(" up in ")).toList()),
            memory / (double) size / (1 << 20));
      }
    }
  }

  private static long memoryBytes(String containerId) throws Exception {
    DockerClient docker = DockerClientFactory.instance().client();
    CompletableFuture<Statistics> first = new CompletableFuture<>();
    try (var callback = docker.statsCmd(containerId).withNoStream(true).exec(new ResultCallback.Adapter<Statistics>() {
      @Override
      public void onNext(Statistics stats) {
        first.complete(stats);
      }
    })) {
      Statistics stats = first.get(30, TimeUnit.SECONDS);
      Long usage = stats.getMemoryStats().getUsage();
      Long cache = stats.getMemoryStats().getStats() == null ? null : stats.getMemoryStats().getStats().getCache();
      return (usage == null ? 0 : usage) - (cache == null ? 0 : cache);
    }
  }

  private static String format(Duration d) {
    return String.format("%.1f s", d.toMillis() / 1000.0);
  }
}
