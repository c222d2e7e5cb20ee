package io.slipway.simulator.fleet;

import io.slipway.simulator.Progress;
import io.slipway.simulator.image.ImageBuilder;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * How to start a fleet: where its files go, how long it lives, which base image its images
 * start from, who hears about progress, and the Kubernetes versions its registry serves the
 * components image as (the stand-ins report the version of the image they run; empty: only the
 * components image itself, whose stand-ins report v1.13.5).
 */
public record FleetOptions(Path directory, Lifetime lifetime, String baseImage, Progress progress,
    Set<String> kubernetesVersions) {

  public FleetOptions(Path directory, Lifetime lifetime, String baseImage, Progress progress) {
    this(directory, lifetime, baseImage, progress, Set.of());
  }

  public FleetOptions {
    kubernetesVersions = Set.copyOf(kubernetesVersions);
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
    return new FleetOptions(directory, lifetime, baseImage, newProgress, kubernetesVersions);
  }

  /** These options, the registry also serving the components image as each of {@code versions}. */
  public FleetOptions withKubernetesVersions(Set<String> versions) {
    return new FleetOptions(directory, lifetime, baseImage, progress, versions);
  }
}
