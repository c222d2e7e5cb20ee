package io.slipway.engine.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * A container as it should run on a host. Invariant: env and labels are sorted, so equal
 * specs have equal {@link #hash()}; the hash (of everything but labels) is recorded in the
 * container's {@link #HASH_LABEL} label, which is how a later run tells "unchanged" from "changed".
 * {@code volumes} are anonymous volumes (paths in the container, filled from the image),
 * {@code volumesFrom} the containers whose volumes it mounts; a container not {@code started} is
 * only created, as RKE's service-sidekick, whose volumes the components mount.
 */
public record ContainerSpec(
    String name,
    String image,
    List<String> command,
    List<String> env,
    List<String> binds,
    String networkMode,
    String pidMode,
    boolean privileged,
    String restartPolicy,
    Map<String, String> labels,
    List<String> volumes,
    List<String> volumesFrom,
    boolean started) {

  /** Label holding the spec hash. */
  public static final String HASH_LABEL = "io.slipway.spec-hash";
  /** Label marking containers Slipway manages (only those are ever removed). */
  public static final String MANAGED_LABEL = "io.slipway.managed";

  /**
   * The names of the containers Slipway runs, which are RKE's: a container so named but not
   * labelled {@link #MANAGED_LABEL} (one RKE started) is Slipway's to replace or remove.
   */
  public static final Set<String> COMPONENT_NAMES = Set.of(Components.ETCD, Components.SNAPSHOTS, Components.APISERVER,
      Components.CONTROLLER_MANAGER, Components.SCHEDULER, Components.KUBELET, Components.KUBE_PROXY,
      Components.NGINX_PROXY, Components.SIDEKICK);
  /** Label naming the flags the hash leaves out, comma-separated. */
  public static final String HASH_IGNORES_LABEL = "io.slipway.hash-ignores";

  public ContainerSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(image, "image");
    command = List.copyOf(command);
    env = env.stream().sorted().toList();
    binds = List.copyOf(binds);
    Objects.requireNonNull(networkMode, "networkMode");
    Objects.requireNonNull(pidMode, "pidMode");
    Objects.requireNonNull(restartPolicy, "restartPolicy");
    labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    volumes = List.copyOf(volumes);
    volumesFrom = List.copyOf(volumesFrom);
  }

  /** A host-networked container with restart policy {@code always}, as RKE runs every component. */
  public static ContainerSpec component(String name, String image, List<String> command, List<String> env,
      List<String> binds, boolean privileged, boolean hostPid) {
    ContainerSpec bare = new ContainerSpec(name, image, command, env, binds, "host", hostPid ? "host" : "",
        privileged, "always", Map.of(), List.of(), List.of(), true);
    return bare.labelled();
  }

  /**
   * A container that is created and never started, holding anonymous {@code volumes} filled
   * from its image for others to mount ({@link #mountingVolumesOf}), as RKE's service-sidekick.
   */
  public static ContainerSpec volumeHolder(String name, String image, List<String> command, List<String> volumes) {
    return new ContainerSpec(name, image, command, List.of(), List.of(), "none", "", false, "no", Map.of(), volumes,
        List.of(), false).labelled();
  }

  /** This spec, mounting the volumes of the containers named {@code holders}, relabelled with its new hash. */
  public ContainerSpec mountingVolumesOf(List<String> holders) {
    return new ContainerSpec(name, image, command, env, binds, networkMode, pidMode, privileged, restartPolicy, Map.of(),
        volumes, holders, started).labelled();
  }

  private ContainerSpec labelled() {
    return withLabels(Map.of(MANAGED_LABEL, "true", HASH_LABEL, hash()));
  }

  public ContainerSpec withLabels(Map<String, String> newLabels) {
    return new ContainerSpec(name, image, command, env, binds, networkMode, pidMode, privileged, restartPolicy,
        newLabels, volumes, volumesFrom, started);
  }

  /** SHA-256 over every field but the labels, hex, first 16 characters. */
  public String hash() {
    return hashOf(command);
  }

  /**
   * This spec with a hash label that leaves out the {@code flags} (names without dashes, e.g.
   * {@code initial-cluster}): flags the component reads only when it first starts, so a change
   * in them must not make it look changed. Their names are kept in {@link #HASH_IGNORES_LABEL}.
   */
  public ContainerSpec withHashIgnoring(Set<String> flags) {
    Predicate<String> ignored = arg -> flags.contains(Flags.nameOf(arg));
    Map<String, String> relabelled = new TreeMap<>(labels);
    relabelled.put(HASH_LABEL, hashOf(command.stream().filter(ignored.negate()).toList()));
    relabelled.put(HASH_IGNORES_LABEL, String.join(",", new TreeSet<>(flags)));
    return withLabels(relabelled);
  }

  /** The flags the hash leaves out (see {@link #withHashIgnoring}). */
  public Set<String> hashIgnores() {
    String names = labels.getOrDefault(HASH_IGNORES_LABEL, "");
    return names.isEmpty() ? Set.of() : Set.of(names.split(","));
  }

  private String hashOf(List<String> significant) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      List<String> parts = new ArrayList<>(List.of(name, image, String.join("\u0001", significant),
          String.join("\u0001", env), String.join("\u0001", binds), networkMode, pidMode, Boolean.toString(privileged),
          restartPolicy));
      // fields added later count only when set, so the containers of earlier runs keep their hashes
      if (!volumes.isEmpty() || !volumesFrom.isEmpty() || !started) {
        parts.addAll(List.of(String.join("\u0001", volumes), String.join("\u0001", volumesFrom),
            Boolean.toString(started)));
      }
      for (String part : parts) {
        sha.update(part.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
