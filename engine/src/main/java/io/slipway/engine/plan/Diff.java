package io.slipway.engine.plan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one place that decides what happens to a container: compares the containers a host
 * should run with the Slipway-managed containers it runs, by name and spec hash. Pure. A host
 * that already runs every desired spec gets only {@link ContainerChange.Keep}s, so a second
 * {@code up} with nothing changed changes nothing; a replace names what differs.
 */
public final class Diff {

  private Diff() {
  }

  public static List<ContainerChange> between(Collection<ContainerSpec> desired, Collection<ObservedContainer> observed) {
    Map<String, ObservedContainer> present = new LinkedHashMap<>();
    observed.forEach(o -> present.put(o.name(), o));
    List<ContainerChange> changes = new ArrayList<>();
    for (ContainerSpec spec : desired) {
      changes.add(of(spec, present.remove(spec.name())));
    }
    present.values().stream().sorted(Comparator.comparing(ObservedContainer::name))
        .forEach(o -> changes.add(new ContainerChange.Remove(o)));
    return changes;
  }

  /** The change that takes {@code found} (null when absent) to {@code spec}. */
  public static ContainerChange of(ContainerSpec spec, ObservedContainer found) {
    if (found == null) {
      return new ContainerChange.Create(spec);
    }
    String recorded = spec.labels().get(ContainerSpec.HASH_LABEL);
    String hash = recorded != null ? recorded : spec.hash();  // hashing is the cost of a diff: only when unlabelled
    if (!hash.equals(found.specHash())) {
      return new ContainerChange.Replace(spec, found, reasons(spec, found));
    }
    return found.running() || !spec.started() ? new ContainerChange.Keep(spec) : new ContainerChange.Start(spec, found);
  }

  /** What differs between a spec and the container that runs another one, as far as the observation tells. */
  static List<String> reasons(ContainerSpec spec, ObservedContainer found) {
    List<String> reasons = new ArrayList<>();
    if (found.specHash().isEmpty() && found.config().isPresent()) {
      reasons.add("created without Slipway (by RKE?)");
    }
    if (!found.image().isEmpty() && !found.image().equals(spec.image())) {
      reasons.add("image changed: " + found.image() + " -> " + spec.image());
    }
    found.config().ifPresent(config -> {
      Set<String> args = changedFlags(spec.command(), config.command(), spec.hashIgnores());
      if (!args.isEmpty()) {
        reasons.add("args changed: " + String.join(", ", args));
      }
      Set<String> env = changedEnv(spec.env(), config.env());
      if (env.remove(Components.PKI_ENV)) {
        reasons.add("certificates changed");
      }
      if (!env.isEmpty()) {
        reasons.add("env changed: " + String.join(", ", env));
      }
      if (!bindKeys(spec.binds()).equals(bindKeys(config.binds()))) {
        reasons.add("binds changed");
      }
    });
    if (reasons.isEmpty()) {
      reasons.add("spec changed (" + found.specHash() + " -> " + spec.labels().get(ContainerSpec.HASH_LABEL) + ")");
    }
    return reasons;
  }

  /** Flags ({@code --name}) set, unset or set differently, and a changed positional part as "command". */
  private static Set<String> changedFlags(List<String> wanted, List<String> running, Set<String> ignored) {
    Map<String, String> a = flags(wanted);
    Map<String, String> b = flags(running);
    Set<String> changed = new TreeSet<>();
    for (String name : union(a.keySet(), b.keySet())) {
      if (!ignored.contains(name.substring(2)) && !String.valueOf(a.get(name)).equals(String.valueOf(b.get(name)))) {
        changed.add(name);
      }
    }
    if (!wanted.stream().filter(arg -> !arg.startsWith("--")).toList()
        .equals(running.stream().filter(arg -> !arg.startsWith("--")).toList())) {
      changed.add("command");
    }
    return changed;
  }

  private static Map<String, String> flags(List<String> command) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (String arg : command) {
      String name = Flags.nameOf(arg);
      if (!name.isEmpty()) {
        flags.merge("--" + name, arg, (x, y) -> x + "\u0000" + y);
      }
    }
    return flags;
  }

  /**
   * Variables the spec sets to another value than the container has, or that the container
   * lacks. Variables only the container has are not counted: Docker adds the image's own (PATH).
   */
  private static Set<String> changedEnv(List<String> wanted, List<String> running) {
    Set<String> have = Set.copyOf(running);
    Set<String> changed = new TreeSet<>();
    for (String variable : wanted) {
      if (!have.contains(variable)) {
        changed.add(variable.contains("=") ? variable.substring(0, variable.indexOf('=')) : variable);
      }
    }
    return changed;
  }

  /** Binds compared as {@code source:target} plus their options, {@code rw} (the default) left out. */
  private static Set<String> bindKeys(List<String> binds) {
    Set<String> keys = new TreeSet<>();
    for (String bind : binds) {
      String[] parts = bind.split(":", 3);
      Set<String> options = new TreeSet<>(parts.length > 2 ? List.of(parts[2].split(",")) : List.of());
      options.remove("rw");
      keys.add(parts[0] + ":" + (parts.length > 1 ? parts[1] : "") + ":" + String.join(",", options));
    }
    return keys;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }
}
