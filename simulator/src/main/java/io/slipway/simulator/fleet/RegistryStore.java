package io.slipway.simulator.fleet;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.slipway.engine.Sha256;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Docker volume a fleet registry keeps its images in, shared by every fleet that pushes the
 * same images: the first fleet on a machine pushes them, later ones find them there and push
 * nothing. Named after the images it holds ({@code slipway-registry-<hash>}), so a rebuilt image
 * gets a new store; stores of other images are removed when a fleet starts, unless a running
 * registry still uses them.
 */
record RegistryStore(String volume) {

  /** Label every store carries; its value is the images it was made for. */
  static final String LABEL = "slipway.registry-store";

  private static final Logger LOG = LoggerFactory.getLogger(RegistryStore.class);

  /** The store for {@code images} (local names, e.g. {@code slipway/components:ab12}), created if missing. */
  static RegistryStore forImages(DockerClient docker, Collection<String> images) {
    String content = String.join(" ", new TreeSet<>(images));
    String name = "slipway-registry-" + Sha256.hex(content).substring(0, 12);
    removeOthers(docker, name);
    try {
      docker.inspectVolumeCmd(name).exec();
    } catch (NotFoundException e) {
      docker.createVolumeCmd().withName(name).withLabels(Map.of(LABEL, content)).exec();
    }
    return new RegistryStore(name);
  }

  private static void removeOthers(DockerClient docker, String keep) {
    List<InspectVolumeResponse> stores = docker.listVolumesCmd().withFilter("label", List.of(LABEL)).exec()
        .getVolumes();
    for (InspectVolumeResponse store : stores == null ? List.<InspectVolumeResponse>of() : stores) {
      if (!store.getName().equals(keep)) {
        try {
          docker.removeVolumeCmd(store.getName()).exec();
          LOG.info("removed registry store {}: it holds images this build no longer uses", store.getName());
        } catch (ConflictException | NotFoundException e) {
          LOG.debug("registry store {} stays: {}", store.getName(), e.getMessage());  // a running fleet's
        }
      }
    }
  }
}
