package io.slipway.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every Kubernetes version RKE has shipped, from rancher/kontainer-driver-metadata (KDM), with
 * its system images, the RKE releases KDM says it is for, and the component flags KDM sets for
 * it (RKE's "service options"). The table is the data file {@code kubernetes-versions.json}
 * beside this class, regenerated from KDM by {@code bin/refresh-kubernetes-versions}. A version
 * outside the table is accepted only when cluster.yml names every {@link #REQUIRED_IMAGES
 * needed image} in {@code system_images}, as RKE has it.
 */
public final class KubernetesVersions {

  /** system_images keys the planner deploys from. */
  public static final List<String> REQUIRED_IMAGES =
      List.of("etcd", "alpine", "nginx_proxy", "kubernetes", "pod_infra_container");

  /** The components KDM gives flags for, by the names of KDM's service options. */
  public static final List<String> SERVICES = List.of("etcd", "kubeapi", "kubeController", "scheduler", "kubelet",
      "kubeproxy");

  private static final Pattern NUMBERS = Pattern.compile("\\d{1,9}");
  private static final Pattern MINOR = Pattern.compile("^v?1\\.(\\d{1,4})(\\D|$)");
  private static final Comparator<String> BY_RELEASE = KubernetesVersions::compareVersions;
  private static final Table TABLE = Table.load();

  /** The version used when cluster.yml names none: KDM's default for the RKE release Slipway follows. */
  public static final String DEFAULT = TABLE.defaultVersion;

  /**
   * The version of the reference walkthrough (RKE v0.2.2), which fleets deploy by default: the
   * stand-in components speak its flags.
   */
  public static final String WALKTHROUGH = "v1.13.5-rancher1-2";

  private KubernetesVersions() {
  }

  /** One version of the table. */
  public record Version(String name, Map<String, String> images, Optional<String> minRke, Optional<String> maxRke,
      Optional<String> deprecatedSinceRke, String serviceOptionsKey) {
  }

  public static boolean isKnown(String version) {
    return TABLE.versions.containsKey(version);
  }

  /** The images of a known version, keyed as in {@code system_images}. */
  public static Optional<Map<String, String>> images(String version) {
    return Optional.ofNullable(TABLE.versions.get(version)).map(Version::images);
  }

  public static Optional<Version> version(String version) {
    return Optional.ofNullable(TABLE.versions.get(version));
  }

  /** Every version of the table, oldest first. */
  public static List<String> known() {
    return List.copyOf(TABLE.versions.keySet());
  }

  /** The newest version KDM lists of Kubernetes 1.{@code minor}, if it lists any. */
  public static Optional<String> newestOfMinor(int minor) {
    return TABLE.versions.keySet().stream().filter(v -> minor(v) == minor)
        .max(KubernetesVersions::compareVersions);
  }

  /** Where the table comes from: KDM's branch and commit. */
  public static String source() {
    return TABLE.source;
  }

  /**
   * The flags KDM sets for {@code version}'s components, by component ({@link #SERVICES}), found
   * as RKE finds them: the version's own entry, else its major.minor, else the major.minor of
   * the {@code kubernetes} image's tag; for a version newer or older than every entry, the
   * nearest minor. An empty value means "leave this flag out".
   */
  public static Map<String, Map<String, String>> serviceOptions(String version, String kubernetesImage) {
    Version known = TABLE.versions.get(version);
    if (known != null && known.serviceOptionsKey() != null && TABLE.serviceOptions.containsKey(known.serviceOptionsKey())) {
      return TABLE.serviceOptions.get(known.serviceOptionsKey());
    }
    for (String candidate : new String[] {version, tagOf(kubernetesImage)}) {
      String minorKey = "v1." + minor(candidate);
      if (minor(candidate) > 0 && TABLE.serviceOptions.containsKey(minorKey)) {
        return TABLE.serviceOptions.get(minorKey);
      }
    }
    int wanted = minor(version);
    return TABLE.serviceOptions.entrySet().stream().filter(e -> e.getKey().matches("v1\\.\\d+"))
        .min(Comparator.comparingInt(e -> Math.abs(minor(e.getKey()) - wanted)))
        .map(Map.Entry::getValue).orElse(Map.of());
  }

  /** Minor version, e.g. 13 for {@code v1.13.5-rancher1-2}; 0 when the text is not a version. */
  public static int minor(String version) {
    Matcher m = MINOR.matcher(version == null ? "" : version);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  /** Orders versions by release: v1.9.x before v1.13.x, rancher1-2 before rancher2-1. */
  public static int compareVersions(String a, String b) {
    List<Long> x = numbers(a);
    List<Long> y = numbers(b);
    for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
      int c = Long.compare(x.get(i), y.get(i));
      if (c != 0) {
        return c;
      }
    }
    return x.size() != y.size() ? Integer.compare(x.size(), y.size()) : a.compareTo(b);
  }

  private static List<Long> numbers(String version) {
    List<Long> numbers = new ArrayList<>();
    Matcher m = NUMBERS.matcher(version);
    while (m.find()) {
      numbers.add(Long.parseLong(m.group()));
    }
    return numbers;
  }

  private static String tagOf(String image) {
    return image == null || image.lastIndexOf(':') < 0 ? "" : image.substring(image.lastIndexOf(':') + 1);
  }

  /** The data file, read once. */
  private record Table(String source, String defaultVersion, Map<String, Version> versions,
      Map<String, Map<String, Map<String, String>>> serviceOptions) {

    static Table load() {
      try (InputStream in = KubernetesVersions.class.getResourceAsStream("kubernetes-versions.json")) {
        if (in == null) {
          throw new IllegalStateException("kubernetes-versions.json is missing from the engine");
        }
        JsonNode root = new ObjectMapper().readTree(in);
        Map<String, Version> versions = new TreeMap<>(BY_RELEASE);
        root.path("versions").fields().forEachRemaining(e -> versions.put(e.getKey(), version(e.getKey(), e.getValue())));
        Map<String, Map<String, Map<String, String>>> options = new LinkedHashMap<>();
        root.path("serviceOptions").fields().forEachRemaining(e -> {
          Map<String, Map<String, String>> byService = new LinkedHashMap<>();
          for (String service : SERVICES) {
            byService.put(service, strings(e.getValue().path(service)));
          }
          options.put(e.getKey(), Collections.unmodifiableMap(byService));
        });
        return new Table(root.path("source").asText(), root.path("rkeDefaults").path("default").asText(),
            Collections.unmodifiableMap(versions), Collections.unmodifiableMap(options));
      } catch (IOException e) {
        throw new UncheckedIOException("kubernetes-versions.json is unreadable", e);
      }
    }

    private static Version version(String name, JsonNode entry) {
      return new Version(name, strings(entry.path("images")), text(entry, "minRke"), text(entry, "maxRke"),
          text(entry, "deprecateRke"), entry.path("serviceOptions").asText(null));
    }

    private static Optional<String> text(JsonNode entry, String key) {
      return entry.hasNonNull(key) ? Optional.of(entry.get(key).asText()) : Optional.empty();
    }

    private static Map<String, String> strings(JsonNode object) {
      Map<String, String> map = new TreeMap<>();
      object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
      return Collections.unmodifiableMap(map);
    }
  }
}
