package io.slipway.engine.host;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which Docker engines may run a cluster of a given Kubernetes minor version, by the engine's
 * major.minor as {@code docker info} reports it (RKE checks the same way). Older Kubernetes
 * minors stop at the Docker releases they were validated with; unknown future majors are refused
 * rather than guessed at, and {@code ignore_docker_version} lets an operator accept them.
 */
public final class DockerVersions {

  private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)");
  private static final List<String> UP_TO_18_09 = List.of("1.13", "17.03", "17.06", "17.09", "18.06", "18.09");
  private static final List<String> UP_TO_20_10 = concat(UP_TO_18_09, List.of("19.03", "20.10"));
  private static final List<String> UP_TO_24_0 = concat(UP_TO_20_10, List.of("23.0", "24.0"));

  private DockerVersions() {
  }

  /** The major.minor releases supported for Kubernetes 1.{@code kubernetesMinor}. */
  public static List<String> supported(int kubernetesMinor) {
    if (kubernetesMinor <= 13) {
      return UP_TO_20_10;  // 1.13 clusters run fine on 19.03 and 20.10 hosts; RKE's later metadata lists them
    }
    return kubernetesMinor <= 20 ? UP_TO_20_10 : UP_TO_24_0;
  }

  /** Empty when {@code serverVersion} is supported; else why not, naming the supported releases. */
  public static Optional<String> check(String serverVersion, int kubernetesMinor) {
    Matcher m = VERSION.matcher(serverVersion == null ? "" : serverVersion);
    List<String> supported = supported(kubernetesMinor);
    if (m.find() && supported.contains(m.group(1) + "." + m.group(2))) {  // Docker spells 18.09.7, 20.10.24, 23.0.6
      return Optional.empty();
    }
    return Optional.of("unsupported Docker version " + serverVersion + " for Kubernetes 1." + kubernetesMinor
        + "; supported: " + String.join(", ", supported.stream().map(v -> v + ".x").toList()));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }
}
