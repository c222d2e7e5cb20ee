package io.slipway.engine.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * cluster.yml's {@code addons_include}: RKE reads each entry as a URL to download or a file to
 * read (a relative path from the working directory). Slipway reads the files and downloads
 * nothing (it sends traffic to the cluster's hosts only), so a URL entry is left out, with a
 * warning when the file is loaded.
 */
public final class AddonIncludes {

  private AddonIncludes() {
  }

  public static boolean isUrl(String entry) {
    String lower = entry.strip().toLowerCase(Locale.ROOT);
    return lower.startsWith("http://") || lower.startsWith("https://");
  }

  /** The entries {@code up} deploys: the files, in cluster.yml's order. */
  public static List<String> files(ClusterConfig config) {
    return config.addonsInclude().stream().filter(entry -> entry != null && !isUrl(entry)).toList();
  }

  /** What kubectl would refuse in the file {@code entry} (readable), as {@link Manifests#problem} says it. */
  public static Optional<String> problem(String entry) {
    try {
      return Manifests.problem(Files.readString(Path.of(entry)));
    } catch (IOException e) {
      return Optional.of("cannot be read: " + e.getMessage());
    }
  }

  /** The files {@code up} would deploy that cannot be read now. */
  public static List<String> unreadable(ClusterConfig config) {
    return files(config).stream().filter(file -> !readable(file)).toList();
  }

  /** Whether the file {@code entry} names can be read now. */
  public static boolean readable(String entry) {
    Path file = Path.of(entry);
    return Files.isReadable(file) && !Files.isDirectory(file);
  }
}
