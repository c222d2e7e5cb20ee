package io.slipway.simulator.fleet;

import io.slipway.simulator.Progress;
import io.slipway.simulator.image.ImageBuilder;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to start a fleet: where its files go, how long it lives, which base image its images
 * start from, and who hears about progress.
 */
public record FleetOptions(Path directory, Lifetime lifetime, String baseImage, Progress progress) {

  public FleetOptions {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(lifetime, "lifetime");
    Objects.requireNonNull(baseImage, "baseImage");
    Objects.requireNonNull(progress, "progress");
  }

  /** A fleet for a test: files under {@code directory}, removed on close, silent. */
  public static FleetOptions scoped(Path directory) {
    return new FleetOptions(directory, Lifetime.SCOPED, ImageBuilder.DEFAULT_BASE, Progress.silent());
  }

  public FleetOptions withProgress(Progress newProgress) {
    return new FleetOptions(directory, lifetime, baseImage, newProgress);
  }
}
