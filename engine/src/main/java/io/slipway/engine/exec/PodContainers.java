package io.slipway.engine.exec;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import java.util.List;

/**
 * The containers a kubelet ran for pods on a host, sandboxes and containers, known by the label
 * dockershim (and cri-dockerd) gives each. Once the host's kubelet is gone nothing removes them:
 * RKE leaves them to a manual clean-up; Slipway removes them when a node leaves the cluster or
 * the cluster is removed.
 */
public final class PodContainers {

  /** The label dockershim gives every pod sandbox and container. */
  public static final String LABEL = "io.kubernetes.docker.type";

  private PodContainers() {
  }

  /** Removes them all (with their anonymous volumes); how many there were. */
  public static int removeAll(DockerClient docker) {
    List<Container> pods = docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(LABEL)).exec();
    for (Container pod : pods) {
      try {
        docker.removeContainerCmd(pod.getId()).withForce(true).withRemoveVolumes(true).exec();
      } catch (NotFoundException goneMeanwhile) {
        // what was wanted
      }
    }
    return pods.size();
  }
}
