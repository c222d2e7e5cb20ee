package io.slipway.engine.plan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a plan changes, host by host, as {@code slipway plan} lists it for a deployed cluster:
 * every container change the diff decided, every file whose bytes differ, and the cluster
 * actions (etcd membership, data and Node objects of departed nodes). Pure; kept containers are
 * only counted.
 */
public record PlanChanges(List<Entry> entries, Map<ContainerChange.Action, Integer> containers, int files) {

  /** One line of the listing: on {@code host}, {@code action} to {@code subject} (a container, file or member). */
  public record Entry(String host, Kind kind, String subject, String action, String symbol, List<String> reasons) {
    public Entry {
      reasons = List.copyOf(reasons);
    }
  }

  /** What an entry is about. */
  public enum Kind { CONTAINER, FILE, CLUSTER, ADDON }

  public PlanChanges {
    entries = List.copyOf(entries);
    Map<ContainerChange.Action, Integer> counts = new EnumMap<>(ContainerChange.Action.class);
    for (ContainerChange.Action action : ContainerChange.Action.values()) {
      counts.put(action, containers.getOrDefault(action, 0));
    }
    containers = Collections.unmodifiableMap(counts);
  }

  public static PlanChanges of(Plan plan, List<FileChange> fileChanges) {
    return of(plan, fileChanges, List.of());
  }

  /** As above, with the addons a look at the apiserver found {@code up} would apply again. */
  public static PlanChanges of(Plan plan, List<FileChange> fileChanges, List<AddonChange> addonChanges) {
    List<Entry> entries = new ArrayList<>();
    Map<ContainerChange.Action, Integer> counts = new EnumMap<>(ContainerChange.Action.class);
    Step.Visitor<Void, RuntimeException> lister = new Step.Visitor<>() {
      @Override
      public Void writeFile(Step.WriteFile step) {
        return null;  // listed from fileChanges, which know the bytes on the host
      }

      @Override
      public Void pullImage(Step.PullImage step) {
        return null;  // a pull changes no container
      }

      @Override
      public Void runContainer(Step.RunContainer step) {
        return container(step.id().host(), step.change());
      }

      @Override
      public Void removeContainer(Step.RemoveContainer step) {
        return container(step.id().host(), step.change());
      }

      @Override
      public Void etcdMember(Step.EtcdMember step) {
        entries.add(new Entry(step.id().host(), Kind.CLUSTER, step.member(), step.add() ? "etcd member add"
            : "etcd member remove", step.add() ? "+" : "-", List.of(step.peerUrl())));
        return null;
      }

      @Override
      public Void deletePath(Step.DeletePath step) {
        entries.add(new Entry(step.id().host(), Kind.CLUSTER, step.path(), "delete", "-", List.of()));
        return null;
      }

      @Override
      public Void deleteNode(Step.DeleteNode step) {
        entries.add(new Entry(step.id().host(), Kind.CLUSTER, step.node(), "delete node", "-", List.of()));
        return null;
      }

      @Override
      public Void labelNode(Step.LabelNode step) {
        return null;  // reconciled against the Node object when up runs; a preview does not read the apiserver
      }

      @Override
      public Void cordon(Step.Cordon step) {
        entries.add(new Entry(step.id().host(), Kind.CLUSTER, step.node(), step.drain() == null ? "cordon"
            : "cordon and drain", "~", List.of("rolling upgrade")));
        return null;
      }

      @Override
      public Void uncordon(Step.Uncordon step) {
        entries.add(new Entry(step.id().host(), Kind.CLUSTER, step.node(), "uncordon once Ready", "~",
            List.of("rolling upgrade")));
        return null;
      }

      @Override
      public Void healthCheck(Step.HealthCheck step) {
        return null;
      }

      @Override
      public Void deployAddon(Step.DeployAddon step) {
        return null;  // listed from addonChanges, which know what the apiserver holds
      }

      @Override
      public Void removePodContainers(Step.RemovePodContainers step) {
        return null;  // the node leaving is listed by its components' removals
      }

      @Override
      public Void removeAddon(Step.RemoveAddon step) {
        return null;  // listed from addonChanges too
      }

      @Override
      public Void gate(Step.Gate step) {
        return null;
      }

      private Void container(String host, ContainerChange change) {
        counts.merge(change.action(), 1, Integer::sum);
        if (change.isChange()) {
          entries.add(new Entry(host, Kind.CONTAINER, change.container(), change.action().word(),
              change.action().symbol(), change.reasons()));
        }
        return null;
      }
    };
    plan.steps().forEach(step -> step.accept(lister));
    fileChanges.forEach(f -> entries.add(new Entry(f.host(), Kind.FILE, f.path(), f.kind().word(), f.kind().symbol(),
        List.of())));
    addonChanges.forEach(a -> entries.add(new Entry(a.host(), Kind.ADDON, a.addon(), a.removal() ? "remove" : "apply",
        a.removal() ? "-" : "~", List.of(a.reason()))));
    entries.sort(Comparator.comparing(Entry::host).thenComparing(Entry::kind));
    return new PlanChanges(entries, counts, fileChanges.size());
  }

  /** Whether {@code up} would change anything. */
  public boolean any() {
    return !entries.isEmpty();
  }

  public int count(ContainerChange.Action action) {
    return containers.get(action);
  }

  /**
   * {@code Plan: 0 to create, 1 to replace, 0 to start, 0 to remove, 37 unchanged; 2 files to change},
   * then {@code ; 1 addon to apply} and {@code ; 1 addon to remove} when there are.
   */
  public String summary() {
    long addons = entries.stream().filter(e -> e.kind() == Kind.ADDON && e.symbol().equals("~")).count();
    long removals = entries.stream().filter(e -> e.kind() == Kind.ADDON && e.symbol().equals("-")).count();
    return String.format("Plan: %d to create, %d to replace, %d to start, %d to remove, %d unchanged; %d %s to change",
        count(ContainerChange.Action.CREATE), count(ContainerChange.Action.REPLACE),
        count(ContainerChange.Action.START), count(ContainerChange.Action.REMOVE), count(ContainerChange.Action.KEEP),
        files, files == 1 ? "file" : "files") + (addons == 0 ? "" : "; " + addons + (addons == 1 ? " addon" : " addons")
        + " to apply") + (removals == 0 ? "" : "; " + removals + (removals == 1 ? " addon" : " addons") + " to remove");
  }
}
