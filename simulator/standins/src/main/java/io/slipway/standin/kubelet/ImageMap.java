package io.slipway.standin.kubelet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * Which image a pod's container runs as. A fleet node reaches no public registry, so the fleet
 * writes {@code /etc/kubernetes/slipway/images} (seen by the kubelet container through RKE's
 * {@code /etc/kubernetes} bind) naming its workload image: {@code default=REGISTRY/slipway/workload:TAG}.
 * An image served by that same registry, or one the node's Docker engine already holds, runs as
 * named; any other ({@code nginx:1.19}, {@code busybox}) runs as the workload image, with the
 * pod's command and arguments. Without the file every image runs as named and is pulled as named.
 */
record ImageMap(Optional<String> fallback) {

  static final Path DEFAULT_FILE = Path.of("/etc/kubernetes/slipway/images");

  static ImageMap read(Path file) {
    if (file == null || !Files.isReadable(file)) {
      return new ImageMap(Optional.empty());
    }
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(file)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return new ImageMap(Optional.ofNullable(p.getProperty("default")).map(String::trim).filter(s -> !s.isEmpty()));
  }

  /** The image to run for {@code image}, given what the node's engine holds. */
  String resolve(String image, Predicate<String> present) {
    if (fallback.isEmpty() || present.test(image)) {
      return image;
    }
    String workload = fallback.get();
    Optional<String> registry = registry(workload);
    if (registry.isPresent() && registry.equals(registry(image))) {
      return image;
    }
    return workload;
  }

  /** Whether {@code resolved} (what {@link #resolve} gave for {@code wanted}) is the workload image standing in for it. */
  boolean standsIn(String wanted, String resolved) {
    return fallback.isPresent() && resolved.equals(fallback.get()) && !wanted.equals(resolved);
  }

  /**
   * Whether {@code image} is one of RKE's (its repository under {@code rancher/}, where
   * kontainer-driver-metadata names every system image, behind any private registry): standing
   * in, none of its programs runs, even one the workload image has by the same name.
   */
  boolean programsAbsent(String image) {
    String path = registry(image).map(host -> image.substring(host.length() + 1)).orElse(image);
    return path.startsWith("rancher/");
  }

  /** The registry host of a reference, when its first path part names one (has a dot or a port, or is localhost). */
  static Optional<String> registry(String image) {
    int slash = image.indexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    String first = image.substring(0, slash);
    return first.contains(".") || first.contains(":") || first.equals("localhost") ? Optional.of(first)
        : Optional.empty();
  }
}
