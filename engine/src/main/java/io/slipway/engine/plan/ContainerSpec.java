package io.slipway.engine.plan;

import java.util.Collections;
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
    env = isSorted(env) ? List.copyOf(env) : env.stream().sorted().toList();
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
    return component(name, image, command, env, binds, privileged, hostPid, List.of(), new SpecDigest());
  }

  /**
   * As {@link #component}, mounting the volumes of the containers named {@code volumesFrom}, and
   * hashed with {@code digest}.
   */
  static ContainerSpec component(String name, String image, List<String> command, List<String> env,
      List<String> binds, boolean privileged, boolean hostPid, List<String> volumesFrom, SpecDigest digest) {
    ContainerSpec bare = new ContainerSpec(name, image, command, env, binds, "host", hostPid ? "host" : "",
        privileged, "always", Map.of(), List.of(), volumesFrom, true);
    return bare.labelled(digest);
  }

  /**
   * A container that is created and never started, holding anonymous {@code volumes} filled
   * from its image for others to mount ({@link #mountingVolumesOf}), as RKE's service-sidekick.
   */
  public static ContainerSpec volumeHolder(String name, String image, List<String> command, List<String> volumes) {
    return new ContainerSpec(name, image, command, List.of(), List.of(), "none", "", false, "no", Map.of(), volumes,
        List.of(), false).labelled(new SpecDigest());
  }

  /** This spec, mounting the volumes of the containers named {@code holders}, relabelled with its new hash. */
  public ContainerSpec mountingVolumesOf(List<String> holders) {
    return new ContainerSpec(name, image, command, env, binds, networkMode, pidMode, privileged, restartPolicy, Map.of(),
        volumes, holders, started).labelled(new SpecDigest());
  }

  private ContainerSpec labelled(SpecDigest digest) {
    return withLabels(Map.of(MANAGED_LABEL, "true", HASH_LABEL, digest.of(this, command)));
  }

  public ContainerSpec withLabels(Map<String, String> newLabels) {
    return new ContainerSpec(name, image, command, env, binds, networkMode, pidMode, privileged, restartPolicy,
        newLabels, volumes, volumesFrom, started);
  }

  /** SHA-256 over every field but the labels, hex, first 16 characters. */
  public String hash() {
    return new SpecDigest().of(this, command);
  }

  /**
   * This spec with a hash label that leaves out the {@code flags} (names without dashes, e.g.
   * {@code initial-cluster}): flags the component reads only when it first starts, so a change
   * in them must not make it look changed. Their names are kept in {@link #HASH_IGNORES_LABEL}.
   */
  public ContainerSpec withHashIgnoring(Set<String> flags) {
    Predicate<String> ignored = arg -> flags.contains(Flags.nameOf(arg));
    Map<String, String> relabelled = new TreeMap<>(labels);
    relabelled.put(HASH_LABEL, new SpecDigest().of(this, command.stream().filter(ignored.negate()).toList()));
    relabelled.put(HASH_IGNORES_LABEL, String.join(",", new TreeSet<>(flags)));
    return withLabels(relabelled);
  }

  /** The flags the hash leaves out (see {@link #withHashIgnoring}). */
  public Set<String> hashIgnores() {
    String names = labels.getOrDefault(HASH_IGNORES_LABEL, "");
    return names.isEmpty() ? Set.of() : Set.of(names.split(","));
  }

  /** Whether {@code list} is in natural order and holds no null (so List.copyOf keeps it as it is). */
  private static boolean isSorted(List<String> list) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) == null || i > 0 && list.get(i - 1).compareTo(list.get(i)) > 0) {
        return false;
      }
    }
    return true;
  }
}
