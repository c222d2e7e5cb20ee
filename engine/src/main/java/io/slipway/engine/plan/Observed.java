package io.slipway.engine.plan;

import io.slipway.engine.config.Role;
import io.slipway.engine.state.ClusterState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the planner knows of the hosts as they are: per host, the Slipway-managed containers it
 * runs and the files it holds (hash and mode) of those the plan writes; and which hosts could not be looked at (removed
 * nodes that no longer answer: their steps are left out and they are reported as left as they
 * were); and which etcd members have lost their data directory (a disk replaced, a node rebuilt):
 * such a member cannot come back under its old identity. {@link Source} says where the knowledge
 * came from.
 */
public record Observed(Source source, Map<String, List<ObservedContainer>> containers,
    Map<String, Map<String, ObservedFile>> files, Set<String> unreachable, Set<String> etcdDataLost) {

  /** Where an observation came from. */
  public enum Source {
    /** Looked at: every host was asked for its containers and files. */
    HOSTS,
    /** Taken from the state file: each node runs what the last run recorded (planning offline). */
    STATE
  }

  /** Nothing runs anywhere: a new cluster. */
  public static final Observed NOTHING = new Observed(Source.STATE, Map.of(), Map.of(), Set.of());

  public Observed {
    Map<String, List<ObservedContainer>> byHost = new TreeMap<>();
    containers.forEach((host, list) -> byHost.put(host, List.copyOf(list)));
    containers = Collections.unmodifiableMap(byHost);
    Map<String, Map<String, ObservedFile>> byPath = new TreeMap<>();
    files.forEach((host, held) -> byPath.put(host, Collections.unmodifiableMap(new TreeMap<>(held))));
    files = Collections.unmodifiableMap(byPath);
    unreachable = Collections.unmodifiableSet(new TreeSet<>(unreachable));
    etcdDataLost = Collections.unmodifiableSet(new TreeSet<>(etcdDataLost));
  }

  /** An observation in which every etcd member still holds its data. */
  public Observed(Source source, Map<String, List<ObservedContainer>> containers,
      Map<String, Map<String, ObservedFile>> files, Set<String> unreachable) {
    this(source, containers, files, unreachable, Set.of());
  }

  /** This observation with {@code files} as the hosts hold them. */
  public Observed withFiles(Map<String, Map<String, ObservedFile>> held) {
    return new Observed(source, containers, held, unreachable, etcdDataLost);
  }

  /** This observation, knowing that the etcd members on {@code hosts} hold no data. */
  public Observed withEtcdDataLost(Set<String> hosts) {
    return new Observed(source, containers, files, unreachable, hosts);
  }

  /** Whether {@code host}, an etcd member, was seen without its data directory. */
  public boolean lostEtcdData(String host) {
    return etcdDataLost.contains(host);
  }

  /**
   * The hosts as {@code state} recorded them: each node runs the containers it was left with
   * (by recorded spec hash), or, in a state file older than those records, the containers of its
   * roles with a hash no spec has.
   */
  public static Observed recordedIn(ClusterState state) {
    Map<String, List<ObservedContainer>> byHost = new TreeMap<>();
    for (ClusterState.NodeRecord node : state.nodes()) {
      List<ObservedContainer> containers = new ArrayList<>();
      if (!node.containers().isEmpty()) {
        node.containers().forEach((name, hash) -> containers.add(ObservedContainer.recorded(name, hash)));
      } else {
        Planner.containerNames(node.roles()).forEach(name -> containers.add(ObservedContainer.recorded(name, "unrecorded")));
      }
      byHost.put(node.hostname(), containers);
    }
    return new Observed(Source.STATE, byHost, Map.of(), Set.of());
  }

  /** The managed containers on {@code host}, none when it was not observed. */
  public List<ObservedContainer> on(String host) {
    return containers.getOrDefault(host, List.of());
  }

  /** The file at {@code path} on {@code host} as observed; empty when it has none or files were not looked at. */
  public Optional<ObservedFile> file(String host, String path) {
    return Optional.ofNullable(files.getOrDefault(host, Map.of()).get(path));
  }

  public Optional<ObservedContainer> container(String host, String name) {
    for (ObservedContainer container : on(host)) {
      if (container.name().equals(name)) {
        return Optional.of(container);
      }
    }
    return Optional.empty();
  }

  public boolean reachable(String host) {
    return !unreachable.contains(host);
  }

  /** Whether {@code host} runs a container of {@code role}'s core component (etcd, kube-apiserver or kubelet). */
  public boolean runs(String host, Role role) {
    String name = switch (role) {
      case ETCD -> Components.ETCD;
      case CONTROLPLANE -> Components.APISERVER;
      case WORKER -> Components.KUBELET;
    };
    return container(host, name).isPresent();
  }
}
