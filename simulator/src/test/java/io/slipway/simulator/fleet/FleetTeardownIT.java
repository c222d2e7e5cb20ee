package io.slipway.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse.Mount;
import com.github.dockerjava.api.exception.NotFoundException;
import io.slipway.engine.config.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

class FleetTeardownIT {

  @TempDir
  Path directory;

  @Test
  void closingAFleetRemovesEveryContainerVolumeAndNetworkItMadeButTheSharedRegistryStore() {
    DockerClient docker = DockerClientFactory.instance().client();
    List<String> volumes = new ArrayList<>();
    List<String> stores = new ArrayList<>();
    String runId;
    try (ContainerFleet fleet = ContainerFleet.start(
        new FleetSpec("teardown-" + Long.toHexString(System.nanoTime() & 0xffffff),
            List.of(NodeSpec.of("a", Role.WORKER), NodeSpec.of("b", Role.ETCD))),
        FleetOptions.scoped(directory))) {
      runId = fleet.runId();
      var containers = FleetResources.containers(docker, FleetLabels.RUN, runId);
      assertThat(containers).as("two nodes and the registry carry the run label").hasSize(3);
      for (var container : containers) {
        for (Mount mount : docker.inspectContainerCmd(container.getId()).exec().getMounts()) {
          if (mount.getName() != null) {
            (mount.getName().startsWith("slipway-registry-") ? stores : volumes).add(mount.getName());
          }
        }
      }
      assertThat(volumes).as("each node has an anonymous volume for its /var/lib/docker").hasSize(2);
      assertThat(stores).as("the registry keeps its images in the shared store").hasSize(1);
    }

    assertThat(FleetResources.containers(docker, FleetLabels.RUN, runId)).as("containers left").isEmpty();
    assertThat(docker.listNetworksCmd().withFilter("label", List.of(FleetLabels.RUN + "=" + runId)).exec())
        .as("networks left").isEmpty();
    for (String volume : volumes) {
      assertThat(volumeExists(docker, volume)).as("volume %s left", volume).isFalse();
    }
    assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(FleetLabels.RUN, runId)).exec())
        .isEmpty();
    assertThat(volumeExists(docker, stores.get(0))).as("the registry store stays for the next fleet").isTrue();
  }

  @Test
  void aNewFleetInTheFolderOfAnEarlierOneStartsWithoutThatClustersState() throws Exception {
    Path state = Files.writeString(directory.resolve("cluster.slipwaystate"), "{\"format\": \"slipway.state/v1\"}");
    Path kubeconfig = Files.writeString(directory.resolve("kube_config_cluster.yml"), "apiVersion: v1\n");
    try (ContainerFleet fleet = ContainerFleet.start(new FleetSpec("fresh-" + Long.toHexString(System.nanoTime()
        & 0xffffff), List.of(NodeSpec.of("a", Role.WORKER))), FleetOptions.scoped(directory))) {
      assertThat(fleet.clusterYml()).exists();
      assertThat(state).as("the earlier cluster's state describes other machines").doesNotExist();
      assertThat(kubeconfig).as("and so does its kubeconfig").doesNotExist();
    }
  }

  private static boolean volumeExists(DockerClient docker, String name) {
    try {
      docker.inspectVolumeCmd(name).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }
}
