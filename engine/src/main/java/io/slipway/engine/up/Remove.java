package io.slipway.engine.up;

import com.github.dockerjava.api.exception.NotFoundException;
import io.slipway.engine.BadInputException;
import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.exec.PodContainers;
import io.slipway.engine.host.CommandResult;
import io.slipway.engine.host.Host;
import io.slipway.engine.host.SshException;
import io.slipway.engine.plan.Observed;
import io.slipway.engine.plan.ObservedContainer;
import io.slipway.engine.state.RkeState;
import io.slipway.engine.state.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * {@code slipway remove}, as {@code rke remove}: every component container on every node
 * (Slipway's, and RKE's of the same names), then the containers the kubelet ran for pods (which
 * RKE leaves behind), then the directories RKE empties on each host
 * (certificates and kubeconfigs, etcd's data, CNI's configuration, binaries and state, Calico's
 * run directory), then the local kubeconfig and state files. As RKE, the etcd snapshots under
 * {@code /opt/rke/etcd-snapshots} stay: a removed cluster can still be restored from them.
 */
public final class Remove {

  /** What RKE's hosts cleanup empties (RKE's {@code ToClean*} paths), each under prefix_path where RKE puts it there. */
  static final List<String> PREFIXED_PATHS = List.of("/etc/kubernetes", "/var/lib/etcd", "/var/lib/cni");
  static final List<String> PATHS = List.of("/etc/cni", "/opt/cni", "/var/run/calico");

  private static final Duration CLEAN_TIMEOUT = Duration.ofMinutes(2);

  /** What a removal did on one host. */
  public record HostResult(String host, List<String> containers, List<String> emptied) {
    public HostResult {
      containers = List.copyOf(containers);
      emptied = List.copyOf(emptied);
    }
  }

  /** Every host's removal, the removed nodes that could not be reached, and the local files deleted. */
  public record Result(List<HostResult> hosts, List<String> unreachable, List<Path> deletedFiles) {
    public Result {
      hosts = List.copyOf(hosts);
      unreachable = List.copyOf(unreachable);
      deletedFiles = List.copyOf(deletedFiles);
    }
  }

  private Remove() {
  }

  /**
   * The paths RKE empties on a host of {@code config}.
   */
  public static List<String> paths(ClusterConfig config) {
    String prefix = config.prefixPath() == null || config.prefixPath().equals("/") ? ""
        : config.prefixPath().replaceAll("/+$", "");
    List<String> paths = new ArrayList<>();
    PREFIXED_PATHS.forEach(p -> paths.add(prefix + p));
    paths.addAll(PATHS);
    return paths;
  }

  /**
   * Removes the cluster of {@code config} from its nodes (and from the nodes the state still
   * lists), reporting each host to {@code progress} as it is done.
   *
   * @throws BadInputException before any host is touched, when there is no state file: without
   *     one there is no record of a deployed cluster (RKE's nor Slipway's)
   */
  public static Result run(ClusterConfig config, UpOptions options, Consumer<HostResult> progress) {
    Path rkeState = RkeState.besideStateFile(options.stateFile());
    if (!Files.exists(options.stateFile()) && !Files.exists(rkeState)) {
      throw new BadInputException("no state file: neither " + options.stateFile() + " nor " + rkeState
          + " exists, so there is no record of a cluster deployed from this cluster.yml; nothing was removed");
    }
    StateStore.Saved saved = Up.load(options.stateFile());
    List<HostResult> results = new ArrayList<>();
    List<String> unreachable;
    try (ConnectHosts.Connected connected = ConnectHosts.run(config, saved.cluster(), options)) {
      unreachable = connected.unreachableRemoved();
      Observed observed = ObserveHosts.containers(connected.hosts(), unreachable, options.parallelism());
      List<String> paths = paths(config);
      ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(options.parallelism(),
          connected.hosts().size())));
      try {
        Map<String, CompletableFuture<HostResult>> pending = new LinkedHashMap<>();
        connected.hosts().forEach((name, host) -> pending.put(name, CompletableFuture.supplyAsync(() -> {
          HostResult result = clean(host, observed.on(name), paths);
          progress.accept(result);
          return result;
        }, pool)));
        for (CompletableFuture<HostResult> future : pending.values()) {
          try {
            results.add(future.join());
          } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
          }
        }
      } finally {
        pool.shutdown();
      }
    }
    List<Path> deleted = new ArrayList<>();
    for (Path file : List.of(options.kubeconfigFile(), options.stateFile(), rkeState)) {
      try {
        if (Files.deleteIfExists(file)) {
          deleted.add(file);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("the cluster is removed from its nodes, but " + file + " could not be deleted", e);
      }
    }
    return new Result(results, unreachable, deleted);
  }

  /** Removes the host's component containers, then empties RKE's directories on it. */
  private static HostResult clean(Host host, List<ObservedContainer> containers, List<String> paths) {
    List<String> removed = new ArrayList<>();
    for (ObservedContainer container : containers) {
      try {
        host.docker().removeContainerCmd(container.id()).withForce(true).withRemoveVolumes(true).exec();
      } catch (NotFoundException goneMeanwhile) {
        // what was wanted
      }
      removed.add(container.name());
    }
    // then, the kubelet gone, what it ran for pods (sandboxes and containers, labelled as dockershim
    // labels them): RKE leaves them to a manual clean-up; a removed cluster should leave none
    int pods = PodContainers.removeAll(host.docker());
    if (pods > 0) {
      removed.add(pods + (pods == 1 ? " pod container" : " pod containers"));
    }
    // as RKE's kube-cleaner: the directories stay, emptied; the ones that held anything are named
    String quoted = paths.stream().map(p -> "'" + p + "'").collect(Collectors.joining(" "));
    CommandResult result = host.exec("rc=0; for d in " + quoted + "; do if [ -d \"$d\" ] && [ -n \"$(ls -A \"$d\")\" ];"
        + " then if find \"$d\" -mindepth 1 -delete; then echo \"$d\"; else rc=1; fi; fi; done; exit $rc",
        CLEAN_TIMEOUT);
    if (result.exitCode() != 0) {
      throw new SshException(host.address(), SshException.Kind.OTHER,
          "emptying " + String.join(", ", paths) + " failed (exit " + result.exitCode() + "): "
              + result.stderr().strip(), null);
    }
    return new HostResult(host.address().name(), removed, result.stdout().lines().filter(l -> !l.isBlank()).toList());
  }
}
