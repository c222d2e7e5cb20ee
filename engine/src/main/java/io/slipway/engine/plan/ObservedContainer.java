package io.slipway.engine.plan;

/** A Slipway-managed container found on a host: its name, image, recorded spec hash, and whether it runs. */
public record ObservedContainer(String name, String image, String specHash, boolean running) {

  /** What a container started from {@code spec} looks like when it is running. */
  public static ObservedContainer runningFrom(ContainerSpec spec) {
    return new ObservedContainer(spec.name(), spec.image(), spec.labels().get(ContainerSpec.HASH_LABEL), true);
  }
}
