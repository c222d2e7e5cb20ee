package io.slipway.standin.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.standin.client.KubeClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A pod's volumes as the kubelet sets them up on its node, under {@code --root-dir}
 * ({@code ROOT/pods/UID/volumes/kubernetes.io~KIND/NAME}): {@code configMap} and {@code secret}
 * (every key, or the {@code items} asked for, with their modes; written again at each container
 * start, so a restarted container sees the current data), {@code emptyDir}, and {@code hostPath}
 * (the node's own path). The binds name paths of the node, which the kubelet container shares
 * with it through RKE's {@code /var/lib/kubelet} bind. Other kinds (projected, persistent
 * claims, …) are not modelled: a pod that mounts one waits in ContainerCreating, saying so.
 */
final class Volumes {

  private final KubeClient client;
  private final Path root;

  /** A volume that cannot be set up (yet): why, as the kubelet's FailedMount event says it. */
  static final class MountException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MountException(String message) {
      super(message);
    }
  }

  Volumes(KubeClient client, Path root) {
    this.client = client;
    this.root = root;
  }

  /**
   * Docker binds ({@code HOST:CONTAINER[:ro]}) for {@code container}'s mounts, its pod's volumes
   * set up first. A container standing in for its image gets no host paths: none of its program
   * runs to use them, and a fleet node lacks some a real node has ({@code /sys/fs/bpf}).
   */
  List<String> binds(JsonNode pod, JsonNode container, boolean standsIn) {
    Map<String, JsonNode> volumes = new LinkedHashMap<>();
    pod.path("spec").path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
    List<String> binds = new ArrayList<>();
    for (JsonNode mount : container.path("volumeMounts")) {
      String name = mount.path("name").asText();
      JsonNode volume = volumes.get(name);
      if (volume == null) {
        throw new MountException("volume \"" + name + "\" is mounted but the pod declares no such volume");
      }
      if (standsIn && volume.has("hostPath")) {
        continue;
      }
      Path source = setUp(pod, volume);
      String subPath = mount.path("subPath").asText("");
      if (!subPath.isEmpty()) {
        source = source.resolve(subPath);
      }
      binds.add(source + ":" + mount.path("mountPath").asText() + (mount.path("readOnly").asBoolean() ? ":ro" : ""));
    }
    return binds;
  }

  /** Removes what the pod's volumes left on the node (its host paths excepted). */
  void remove(String podUid) {
    Path dir = root.resolve("pods").resolve(podUid);
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> tree = Files.walk(dir)) {
      for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + dir, e);
    }
  }

  private Path setUp(JsonNode pod, JsonNode volume) {
    String name = volume.path("name").asText();
    String namespace = pod.path("metadata").path("namespace").asText();
    if (volume.has("hostPath")) {
      return Path.of(volume.path("hostPath").path("path").asText());
    }
    if (volume.has("emptyDir")) {
      return directory(pod, "empty-dir", name);
    }
    if (volume.has("configMap")) {
      JsonNode source = volume.get("configMap");
      Map<String, byte[]> data = read("configmaps", namespace, source.path("name").asText(), source, false);
      return write(directory(pod, "configmap", name), data, source);
    }
    if (volume.has("secret")) {
      JsonNode source = volume.get("secret");
      Map<String, byte[]> data = read("secrets", namespace, source.path("secretName").asText(), source, true);
      return write(directory(pod, "secret", name), data, source);
    }
    throw new MountException("volume \"" + name + "\" is of kind " + kindOf(volume) + ", which the stand-in kubelet does not "
        + "set up (configMap, secret, emptyDir and hostPath are)");
  }

  private static String kindOf(JsonNode volume) {
    List<String> fields = new ArrayList<>();
    volume.fieldNames().forEachRemaining(fields::add);
    fields.remove("name");
    return fields.isEmpty() ? "?" : fields.get(0);
  }

  /** The object's keys (text for a config map's {@code data}, base64 for {@code binaryData} and secrets). */
  private Map<String, byte[]> read(String plural, String namespace, String object, JsonNode source, boolean secret) {
    Optional<ObjectNode> found = client.get("/api/v1/namespaces/" + namespace + "/"
        + plural + "/" + object);
    Map<String, byte[]> data = new LinkedHashMap<>();
    if (found.isEmpty()) {
      if (source.path("optional").asBoolean(false)) {
        return data;
      }
      throw new MountException((secret ? "secret" : "configmap") + " \"" + object + "\" not found");
    }
    Base64.Decoder base64 = Base64.getDecoder();
    found.get().path("data").fields().forEachRemaining(e -> data.put(e.getKey(), secret
        ? base64.decode(e.getValue().asText()) : e.getValue().asText().getBytes(StandardCharsets.UTF_8)));
    found.get().path("binaryData").fields().forEachRemaining(e -> data.put(e.getKey(),
        base64.decode(e.getValue().asText())));
    return data;
  }

  private Path write(Path dir, Map<String, byte[]> data, JsonNode source) {
    int defaultMode = source.path("defaultMode").asInt(0644);
    Map<String, JsonNode> items = new LinkedHashMap<>();
    source.path("items").forEach(item -> items.put(item.path("key").asText(), item));
    try {
      if (items.isEmpty()) {
        for (Map.Entry<String, byte[]> e : data.entrySet()) {
          file(dir, e.getKey(), e.getValue(), defaultMode);
        }
      } else {
        for (Map.Entry<String, JsonNode> item : items.entrySet()) {
          byte[] value = data.get(item.getKey());
          if (value == null) {
            if (source.path("optional").asBoolean(false)) {
              continue;
            }
            throw new MountException("key \"" + item.getKey() + "\" is not in the object the volume names");
          }
          file(dir, item.getValue().path("path").asText(item.getKey()), value,
              item.getValue().path("mode").asInt(defaultMode));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write volume files under " + dir, e);
    }
    return dir;
  }

  private Path directory(JsonNode pod, String kind, String name) {
    Path dir = root.resolve("pods").resolve(pod.path("metadata").path("uid").asText()).resolve("volumes")
        .resolve("kubernetes.io~" + kind).resolve(name);
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  private static void file(Path dir, String relative, byte[] content, int mode) throws IOException {
    Path path = dir.resolve(relative).normalize();
    if (!path.startsWith(dir) || path.equals(dir)) {
      throw new MountException("volume path \"" + relative + "\" leaves its volume");
    }
    Files.createDirectories(path.getParent());
    Files.write(path, content);
    Files.setPosixFilePermissions(path, permissions(mode));
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = PosixFilePermission.values();  // OWNER_READ … OTHERS_EXECUTE, high bit first
    for (int i = 0; i < 9; i++) {
      if ((mode & (1 << (8 - i))) != 0) {
        set.add(bits[i]);
      }
    }
    return set;
  }
}
