package io.slipway.scenarios.fault;

import io.slipway.scenarios.model.FaultSpec;
import io.slipway.simulator.Poll;
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
    return new ActiveFault(step, describe(fault) + " on " + String.join(", ", targets), targets,
        () -> heals.forEach(ActiveFault.Heal::run));
  }

  private ActiveFault.Heal injectOne(FaultSpec fault, String target) {
    if (fault instanceof FaultSpec.StopLoadBalancer) {
      LoadBalancer lb = fleet.loadBalancer(target);
      lb.stop();
      return lb::start;
    }
    FleetNode node = fleet.node(target);
    if (fault instanceof FaultSpec.Kill kill) {
      int before = restarts(node, kill.container());
      node.killContainer(kill.container());
      return () -> awaitRunning(node, kill.container(), before);
    } else if (fault instanceof FaultSpec.StopContainer stop) {
      node.stopContainer(stop.container());
      return () -> node.startContainer(stop.container());
    } else if (fault instanceof FaultSpec.StopNode) {
      node.stop();
      return node::start;
    } else if (fault instanceof FaultSpec.PauseNode) {
      node.pause();
      return node::unpause;
    } else if (fault instanceof FaultSpec.RebootNode) {
      node.restart();
      return () -> { };
    } else if (fault instanceof FaultSpec.Partition) {
      node.disconnect();
      return node::reconnect;
    }
    throw new IllegalArgumentException("no injection for " + fault);
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

  public static String describe(FaultSpec fault) {
    if (fault instanceof FaultSpec.Kill kill) {
      return "kill -9 " + kill.container();
    } else if (fault instanceof FaultSpec.StopContainer stop) {
      return "docker stop " + stop.container();
    } else if (fault instanceof FaultSpec.StopNode) {
      return "power off";
    } else if (fault instanceof FaultSpec.PauseNode) {
      return "pause";
    } else if (fault instanceof FaultSpec.RebootNode) {
      return "reboot";
    } else if (fault instanceof FaultSpec.Partition) {
      return "partition from the fleet network";
    }
    return "stop load balancer";
  }
}
