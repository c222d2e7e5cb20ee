package io.slipway.engine.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kubernetes versions Slipway knows, each with the system images it deploys for it, in
 * RKE's version spelling ({@code v1.13.5-rancher1-2}). Any other version is accepted only when
 * cluster.yml names every {@link #REQUIRED_IMAGES needed image} in {@code system_images}.
 */
public final class KubernetesVersions {

  /** The version used when cluster.yml names none. */
  public static final String DEFAULT = "v1.27.16-rancher1-1";

  /**
   * The version of the reference walkthrough (RKE v0.2.2), which fleets deploy by default: the
   * stand-in components speak its flags.
   */
  public static final String WALKTHROUGH = "v1.13.5-rancher1-2";

  /** system_images keys the planner deploys from. */
  public static final List<String> REQUIRED_IMAGES =
      List.of("etcd", "alpine", "nginx_proxy", "kubernetes", "pod_infra_container");

  private static final Map<String, Map<String, String>> IMAGES = new TreeMap<>(Map.of(
      "v1.13.5-rancher1-2", images("rancher/coreos-etcd:v3.2.24-rancher1", "rancher/rke-tools:v0.1.27",
          "rancher/hyperkube:v1.13.5-rancher1", "rancher/pause:3.1"),
      "v1.20.15-rancher2-2", images("rancher/mirrored-coreos-etcd:v3.4.15-rancher1", "rancher/rke-tools:v0.1.80",
          "rancher/hyperkube:v1.20.15-rancher2", "rancher/mirrored-pause:3.2"),
      DEFAULT, images("rancher/mirrored-coreos-etcd:v3.5.10", "rancher/rke-tools:v0.1.96",
          "rancher/hyperkube:v1.27.16-rancher1", "rancher/mirrored-pause:3.7")));

  private KubernetesVersions() {
  }

  public static boolean isKnown(String version) {
    return IMAGES.containsKey(version);
  }

  /** The images of a known version, keyed as in {@code system_images}. */
  public static Optional<Map<String, String>> images(String version) {
    return Optional.ofNullable(IMAGES.get(version));
  }

  public static List<String> known() {
    return List.copyOf(IMAGES.keySet());
  }

  /** Minor version, e.g. 13 for {@code v1.13.5-rancher1-2}; 0 when the text is not a version. */
  public static int minor(String version) {
    Matcher m = Pattern.compile("^v?1\\.(\\d+)").matcher(version == null ? "" : version);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  private static Map<String, String> images(String etcd, String tools, String kubernetes, String pause) {
    return Map.of("etcd", etcd, "alpine", tools, "nginx_proxy", tools, "cert_downloader", tools,
        "kubernetes_services_sidecar", tools, "kubernetes", kubernetes, "pod_infra_container", pause);
  }
}
