package io.slipway.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import io.slipway.engine.config.Role;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

/**
 * A scoped fleet whose process is SIGKILLed (as a CI timeout kills it: no shutdown hook runs)
 * is marked orphaned, and the next fleet start removes all of it; a live process's fleet stays.
 */
class FleetReaperIT {

  @TempDir
  Path directory;

  @Test
  void theNextFleetStartReapsTheFleetOfAKilledProcess() throws Exception {
    DockerClient docker = DockerClientFactory.instance().client();
    String name = "orphan-" + Long.toHexString(System.nanoTime() & 0xffffff);
    Process owner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), OrphanedFleetMain.class.getName(), name,
        directory.resolve("orphan").toString()).redirectErrorStream(true).start();
    String run = null;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("fleet-run ")) {
          run = line.substring("fleet-run ".length()).strip();
          break;
        }
      }
      assertThat(run).as("the child started its fleet").isNotNull();
      assertThat(FleetReaper.orphans(docker)).as("its process is alive").extracting(FleetReaper.Orphan::run)
          .doesNotContain(run);
    } finally {
      owner.destroyForcibly();  // SIGKILL
      owner.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(FleetResources.containers(docker, FleetLabels.RUN, run)).as("left behind by the kill").isNotEmpty();
    assertThat(FleetReaper.orphans(docker)).extracting(FleetReaper.Orphan::run, FleetReaper.Orphan::fleet)
        .contains(org.assertj.core.groups.Tuple.tuple(run, name));

    try (ContainerFleet next = ContainerFleet.start(new FleetSpec("reaper-" + Long.toHexString(System.nanoTime()
        & 0xffffff), List.of(NodeSpec.of("a", Role.WORKER))), FleetOptions.scoped(directory.resolve("next")))) {
      assertThat(FleetResources.containers(docker, FleetLabels.RUN, run)).as("reaped at the next start").isEmpty();
      assertThat(docker.listNetworksCmd().withFilter("label", List.of(FleetLabels.RUN + "=" + run)).exec()).isEmpty();
      assertThat(FleetReaper.orphans(docker)).as("a live process's fleet is no orphan")
          .extracting(FleetReaper.Orphan::run).doesNotContain(next.runId());
    }
  }
}
