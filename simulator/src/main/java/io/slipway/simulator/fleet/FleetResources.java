package io.slipway.simulator.fleet;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds and removes a fleet's containers (with their volumes) and networks by label. */
public final class FleetResources {

  private static final Logger LOG = LoggerFactory.getLogger(FleetResources.class);

  private FleetResources() {
  }

  /** Containers carrying {@code label=value}, running or not. */
  public static List<Container> containers(DockerClient docker, String label, String value) {
    return docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(label, value)).exec();
  }

  /** Containers of every fleet's nodes. */
  public static List<Container> allNodes(DockerClient docker) {
    return docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(FleetLabels.KIND, "node")).exec();
  }

  /** What a removal found and removed. */
  public record Removed(int containers, int networks) {
    public boolean nothing() {
      return containers == 0 && networks == 0;
    }
  }

  /**
   * Removes every container (with its anonymous volumes) and then every network carrying
   * {@code label=value}.
   */
  public static Removed remove(DockerClient docker, String label, String value) {
    int removed = 0;
    int removedNetworks = 0;
    for (Container container : containers(docker, label, value)) {
      try {
        docker.removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec();
        removed++;
      } catch (NotFoundException e) {
        LOG.debug("container {} was already gone", container.getId());
      }
    }
    List<Network> networks = docker.listNetworksCmd().withFilter("label", List.of(label + "=" + value)).exec();
    for (Network network : networks) {
      try {
        docker.removeNetworkCmd(network.getId()).exec();
        removedNetworks++;
      } catch (NotFoundException e) {
        LOG.debug("network {} was already gone", network.getId());
      }
    }
    return new Removed(removed, removedNetworks);
  }
}
