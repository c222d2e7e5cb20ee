package io.slipway.engine.up;

import io.slipway.engine.SlipwayException;
import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.NodeConfig;
import io.slipway.engine.config.Role;
import io.slipway.engine.config.Services;
import io.slipway.engine.host.CommandResult;
import io.slipway.engine.host.Host;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Stage, before anything changes: each node prepared as the kubelet and RKE need it. Swap must be
 * off where the kubelet is told to refuse it ({@code fail_swap_on: true}, or
 * {@code --fail-swap-on=true} in its extra_args): the kubelet would not start. And RKE's port
 * checks ({@code cluster/network.go}), when nodes join: each node tries
 * the ports its roles use on the nodes that serve them — etcd to etcd on 2379 and 2380,
 * controlplane to etcd on 2379, controlplane to worker on 10250 (the kubelet), worker to
 * controlplane on 6443 — from the node itself, through its SSH connection. A port that refuses is
 * fine (before the first {@code up} nothing listens there, but the packets arrive); one that gives
 * no answer or no route is blocked, and every blocked pair is reported with the fix.
 */
public final class Preflight {

  /** One port a role needs open from another. */
  record Need(Role from, Role to, int port, String what) {
  }

  static final List<Need> NEEDS = List.of(
      new Need(Role.ETCD, Role.ETCD, 2379, "etcd client traffic"),
      new Need(Role.ETCD, Role.ETCD, 2380, "etcd peer traffic"),
      new Need(Role.CONTROLPLANE, Role.ETCD, 2379, "the apiserver's etcd traffic"),
      new Need(Role.CONTROLPLANE, Role.WORKER, 10250, "the apiserver to the kubelet"),
      new Need(Role.WORKER, Role.CONTROLPLANE, 6443, "nginx-proxy to the apiserver"));

  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private Preflight() {
  }

  /**
   * The checks of every node, up to {@code parallelism} at once; throws naming each node that is
   * not ready and the fix.
   */
  static void run(ClusterConfig config, Map<String, Host> hosts, boolean nodesJoin, int parallelism) {
    List<Supplier<String>> checks = new ArrayList<>(swap(config, hosts));
    if (nodesJoin) {
      checks.addAll(ports(config, hosts));
    }
    List<String> problems = problems(checks, parallelism);
    if (!problems.isEmpty()) {
      throw new SlipwayException(problems.size() + " node checks failed; nothing was changed:\n  "
          + String.join("\n  ", problems));
    }
  }

  /** Whether the kubelet is told to refuse to start with swap on. */
  public static boolean refusesSwap(ClusterConfig config) {
    Services.Kubelet kubelet = config.services().kubelet();
    String flag = kubelet.extraArgs() == null ? null : kubelet.extraArgs().get("fail-swap-on");
    return flag != null ? !flag.strip().equalsIgnoreCase("false") : Boolean.TRUE.equals(kubelet.failSwapOn());
  }

  private static List<Supplier<String>> swap(ClusterConfig config, Map<String, Host> hosts) {
    if (!refusesSwap(config)) {
      return List.of();
    }
    return config.nodes().stream().<Supplier<String>>map(node -> () -> {
      CommandResult swaps = hosts.get(node.hostname()).exec("cat /proc/swaps", TIMEOUT);
      long devices = swaps.stdout().lines().skip(1).filter(l -> !l.isBlank()).count();
      return devices == 0 ? null : node.hostname() + ": swap is on (" + devices + " device" + (devices == 1 ? "" : "s")
          + " in /proc/swaps) and the kubelet is told to refuse it (fail_swap_on), so it would not start"
          + "\n    fix: swapoff -a on " + node.hostname() + " and remove the swap entries of /etc/fstab, "
          + "or set services.kubelet.fail_swap_on: false";
    }).toList();
  }

  /** What each check found (null: nothing); the checks run side by side, each waiting on an SSH round trip. */
  private static List<String> problems(List<Supplier<String>> checks, int parallelism) {
    return SideBySide.map(checks, Supplier::get, parallelism, "slipway-preflight").stream()
        .filter(Objects::nonNull).toList();
  }

  /** A port one node must reach on another. */
  record Pair(NodeConfig from, NodeConfig to, Need need) {
    String target() {
      return to.internalAddress() == null || to.internalAddress().isBlank() ? to.address() : to.internalAddress();
    }
  }

  /** Every pair of nodes a port must be open between, each port tried once (its uses said together). */
  static List<Pair> pairs(ClusterConfig config) {
    Map<List<Object>, Pair> pairs = new LinkedHashMap<>();
    for (Need need : NEEDS) {
      for (NodeConfig from : config.nodes()) {
        for (NodeConfig to : config.nodes()) {
          if (from != to && from.has(need.from()) && to.has(need.to())) {
            pairs.merge(List.of(from.hostname(), to.hostname(), need.port()), new Pair(from, to, need),
                (a, b) -> new Pair(from, to, new Need(a.need().from(), a.need().to(), a.need().port(),
                    a.need().what() + " and " + b.need().what())));
          }
        }
      }
    }
    return List.copyOf(pairs.values());
  }

  /** A try of every pair; each says its pair when blocked, with the fix. */
  static List<Supplier<String>> ports(ClusterConfig config, Map<String, Host> hosts) {
    return pairs(config).stream().<Supplier<String>>map(pair -> () -> {
      Host.Reach reach = hosts.get(pair.from().hostname()).reach(pair.target(), pair.need().port(), TIMEOUT);
      return reach.through() ? null : pair.from().hostname() + " cannot reach " + pair.to().hostname() + " ("
          + pair.target() + ") on TCP " + pair.need().port() + ", " + pair.need().what() + ": " + reach.detail()
          + "\n    fix: open TCP " + pair.need().port() + " from " + pair.from().hostname() + " to "
          + pair.to().hostname() + " (a firewall on either machine, or between them)";
    }).toList();
  }
}
