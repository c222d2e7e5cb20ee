package io.slipway.simulator.fleet;

import io.slipway.simulator.Progress;
import io.slipway.simulator.image.ImageBuilder;
import io.slipway.simulator.image.SlipwayImage;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The images a fleet's nodes pull, as its registry serves them: the components and workload images,
 * and the components image once per Kubernetes version a scenario deploys (by version).
 */
record PushedImages(Map<SlipwayImage, String> pushed, Map<String, String> versioned) {

  PushedImages {
    pushed = Map.copyOf(pushed);
    versioned = Map.copyOf(versioned);
  }

  /** The reference nodes pull {@code image} by; {@link Fleet#imageReference} for the fleets. */
  String reference(SlipwayImage image) {
    String reference = pushed.get(image);
    if (reference == null) {
      throw new IllegalArgumentException(image + " is not served by the fleet registry");
    }
    return reference;
  }

  /** The components image as {@code kubernetesVersion}, when the registry serves it so. */
  Optional<String> componentsImage(String kubernetesVersion) {
    return Optional.ofNullable(versioned.get(kubernetesVersion));
  }

  /** Pushes {@link SlipwayImage#pushedToRegistry()} and the versioned components images. */
  static PushedImages push(FleetRegistry registry, ImageBuilder builder, Map<SlipwayImage, String> local,
      Collection<String> kubernetesVersions, Progress progress) {
    Map<SlipwayImage, String> pushed = new EnumMap<>(SlipwayImage.class);
    for (SlipwayImage image : SlipwayImage.pushedToRegistry()) {
      pushed.put(image, registry.push(local.get(image), progress));
    }
    Map<String, String> versioned = new TreeMap<>();
    for (String version : kubernetesVersions) {
      versioned.put(version, registry.push(builder.versioned(local.get(SlipwayImage.COMPONENTS), version), progress));
    }
    return new PushedImages(pushed, versioned);
  }
}
