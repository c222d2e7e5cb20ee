package io.slipway.scenarios.fault;

import io.slipway.engine.Poll;
import io.slipway.scenarios.model.FaultSpec;
import io.slipway.scenarios.model.Target;
import io.slipway.simulator.fleet.ExecResult;
import io.slipway.simulator.fleet.Fleet;
import io.slipway.simulator.fleet.FleetException;
import io.slipway.simulator.fleet.FleetNode;
import io.slipway.simulator.fleet.LoadBalancer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Injects faults through the fleet's primitives (Docker, never the node's own sshd, so they work
 * on unreachable nodes) and hands back their heals, as Jepsen's nemesis does.
 */
public final class Nemesis {

  private static final Duration RESTART_WAIT = Duration.ofSeconds(90);

  private final Fleet fleet;

  public Nemesis(Fleet fleet) {
    this.fleet = fleet;
  }

  /**
   * Applies {@code fault} to every node in {@code targets} (already resolved); {@code resolve}
   * names the nodes of any other target the fault has (whom a one-way partition cuts off).
   */
  public ActiveFault inject(String step, FaultSpec fault, List<String> targets,
      Function<Target, List<String>> resolve) {
    List<ActiveFault.Heal> heals = new ArrayList<>();
    List<String> others = fault instanceof FaultSpec.PartitionOneWay oneWay ? resolve.apply(oneWay.to()) : List.of();
    for (String target : targets) {
      heals.add(injectOne(fault, target, others));
    }
    String description = fault instanceof FaultSpec.PartitionOneWay ? "cannot reach " + String.join(", ",
        others.stream().filter(other -> !targets.contains(other)).toList()) + ", which still reach it," : fault.describe();
    return new ActiveFault(step, description + " on " + String.join(", ", targets), targets,
        () -> heals.forEach(ActiveFault.Heal::run));
  }

  private ActiveFault.Heal injectOne(FaultSpec fault, String target, List<String> others) {
    return fault.accept(new FaultSpec.Visitor<ActiveFault.Heal>() {
      @Override
      public ActiveFault.Heal kill(FaultSpec.Kill kill) {
        FleetNode node = fleet.node(target);
        int before = restarts(node, kill.container());
        node.killContainer(kill.container());
        return () -> awaitRunning(node, kill.container(), before);
      }

      @Override
      public ActiveFault.Heal stopContainer(FaultSpec.StopContainer stop) {
        FleetNode node = fleet.node(target);
        node.stopContainer(stop.container());
        return () -> node.startContainer(stop.container());
      }

      @Override
      public ActiveFault.Heal stopNode(FaultSpec.StopNode stop) {
        FleetNode node = fleet.node(target);
        node.stop();
        return node::start;
      }

      @Override
      public ActiveFault.Heal pauseNode(FaultSpec.PauseNode pause) {
        FleetNode node = fleet.node(target);
        node.pause();
        return node::unpause;
      }

      @Override
      public ActiveFault.Heal rebootNode(FaultSpec.RebootNode reboot) {
        fleet.node(target).restart();
        return () -> { };  // a reboot heals itself: the node comes back with its containers' restart policies
      }

      @Override
      public ActiveFault.Heal partition(FaultSpec.Partition partition) {
        FleetNode node = fleet.node(target);
        node.disconnect();
        return node::reconnect;
      }

      @Override
      public ActiveFault.Heal partitionPort(FaultSpec.PartitionPort cut) {
        String port = String.valueOf(cut.port());
        return firewall(fleet.node(target), List.of(
            List.of("INPUT", "!", "-i", "lo", "-p", "tcp", "--dport", port),
            List.of("OUTPUT", "!", "-o", "lo", "-p", "tcp", "--dport", port)));
      }

      @Override
      public ActiveFault.Heal partitionOneWay(FaultSpec.PartitionOneWay oneWay) {
        // what the node sends in the direction of connections it opened: theirs it still answers
        List<List<String>> rules = others.stream().filter(other -> !other.equals(target))
            .map(other -> List.of("OUTPUT", "-d", fleet.node(other).internalAddress(), "-m", "conntrack",
                "--ctdir", "ORIGINAL")).toList();
        if (rules.isEmpty()) {
          throw new FleetException("partition_one_way: " + target + " is the only node of " + oneWay.to().describe()
              + ", and a node cannot be cut off from itself");
        }
        return firewall(fleet.node(target), rules);
      }

      @Override
      public ActiveFault.Heal misprepare(FaultSpec.MisprepareNode misprepare) {
        FleetNode node = fleet.node(target);
        node.misprepare(misprepare.how());
        return () -> node.prepare(misprepare.how());
      }

      @Override
      public ActiveFault.Heal loseEtcdData(FaultSpec.LoseEtcdData lose) {
        FleetNode node = fleet.node(target);
        node.exec("docker", "rm", "-f", "etcd");
        ExecResult emptied = node.exec("sh", "-c", "rm -rf /var/lib/etcd/* /var/lib/etcd/.[!.]* && ls -A /var/lib/etcd");
        if (!emptied.stdout().isBlank()) {
          throw new IllegalStateException("could not empty /var/lib/etcd on " + target + ": " + emptied.stdout());
        }
        return () -> { };  // lost data comes back only from a snapshot
      }

      @Override
      public ActiveFault.Heal clockSkew(FaultSpec.ClockSkew skew) {
        FleetNode node = fleet.node(target);
        node.skewClock(skew.offset());
        return node::unskewClock;
      }

      @Override
      public ActiveFault.Heal diskFull(FaultSpec.DiskFull full) {
        FleetNode node = fleet.node(target);
        long left = node.fillEtcdDisk();
        if (left > 0) {
          node.emptyEtcdDisk();
          throw new FleetException("node " + target + ": etcd's disk still had " + left + " bytes free once filled");
        }
        return node::emptyEtcdDisk;
      }

      @Override
      public ActiveFault.Heal stopLoadBalancer(FaultSpec.StopLoadBalancer stop) {
        LoadBalancer lb = fleet.loadBalancer(target);
        lb.stop();
        return lb::start;
      }
    });
  }

  /**
   * Inserts a DROP rule per match into the node's own firewall (its network namespace, where the
   * components run with host networking), all or none: a rule that cannot be added takes back
   * those that were. The heal deletes exactly those rules, each tried even when another fails.
   */
  private static ActiveFault.Heal firewall(FleetNode node, List<List<String>> matches) {
    List<List<String>> added = new ArrayList<>();
    for (List<String> match : matches) {
      ExecResult result = node.exec(iptables("-I", match));
      if (!result.succeeded()) {
        deleteRules(node, added);
        throw new FleetException("node " + node.name() + ": adding firewall rule " + String.join(" ", match)
            + " failed: " + result.stderr().strip());
      }
      added.add(match);
    }
    return () -> deleteRules(node, added);
  }

  private static void deleteRules(FleetNode node, List<List<String>> rules) {
    List<String> failures = new ArrayList<>();
    for (List<String> rule : rules) {
      ExecResult result = node.exec(iptables("-D", rule));
      if (!result.succeeded()) {
        failures.add(String.join(" ", rule) + ": " + result.stderr().strip());
      }
    }
    if (!failures.isEmpty()) {
      throw new FleetException("node " + node.name() + ": firewall rules not removed: " + String.join("; ", failures));
    }
  }

  private static String[] iptables(String action, List<String> match) {
    List<String> command = new ArrayList<>(List.of("iptables", "-w", action));
    command.addAll(match);
    command.addAll(List.of("-m", "comment", "--comment", "slipway-fault", "-j", "DROP"));
    return command.toArray(String[]::new);
  }

  /** A container killed with SIGKILL is healed by its node's dockerd: wait until it runs again, restarted. */
  private static void awaitRunning(FleetNode node, String container, int restartsBefore) {
    boolean back = Poll.until(RESTART_WAIT, Duration.ofMillis(250), () -> {
      String[] state = node.exec("docker", "inspect", "--format", "{{.State.Status}} {{.RestartCount}}", container)
          .stdout().strip().split(" ");
      return state.length == 2 && state[0].equals("running") && Integer.parseInt(state[1]) > restartsBefore;
    });
    if (!back) {
      throw new FleetException("node " + node.name() + ": " + container + " was not restarted by dockerd within "
          + RESTART_WAIT.toSeconds() + " s of being killed");
    }
  }

  private static int restarts(FleetNode node, String container) {
    String count = node.exec("docker", "inspect", "--format", "{{.RestartCount}}", container)
        .orThrow(node.name(), "reading the restart count of " + container).strip();
    return Integer.parseInt(count);
  }
}
