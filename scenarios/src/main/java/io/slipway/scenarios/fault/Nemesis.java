package io.slipway.scenarios.fault;

import io.slipway.engine.Poll;
import io.slipway.scenarios.model.FaultSpec;
import io.slipway.simulator.fleet.ExecResult;
import io.slipway.simulator.fleet.Fleet;
import io.slipway.simulator.fleet.FleetException;
import io.slipway.simulator.fleet.FleetNode;
import io.slipway.simulator.fleet.LoadBalancer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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

  /** Applies {@code fault} to every node in {@code targets} (already resolved). */
  public ActiveFault inject(String step, FaultSpec fault, List<String> targets) {
    List<ActiveFault.Heal> heals = new ArrayList<>();
    for (String target : targets) {
      heals.add(injectOne(fault, target));
    }
    return new ActiveFault(step, fault.describe() + " on " + String.join(", ", targets), targets,
        () -> heals.forEach(ActiveFault.Heal::run));
  }

  private ActiveFault.Heal injectOne(FaultSpec fault, String target) {
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
      public ActiveFault.Heal stopLoadBalancer(FaultSpec.StopLoadBalancer stop) {
        LoadBalancer lb = fleet.loadBalancer(target);
        lb.stop();
        return lb::start;
      }
    });
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
