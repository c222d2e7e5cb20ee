package io.slipway.scenarios.fault;

import io.slipway.engine.Poll;
import io.slipway.scenarios.model.FaultSpec;
import io.slipway.scenarios.model.Target;
import io.slipway.simulator.fleet.ExecResult;
import io.slipway.simulator.fleet.Fleet;
import io.slipway.simulator.fleet.FleetException;
import io.slipway.simulator.fleet.FleetNode;
import io.slipway.simulator.fleet.LoadBalancer;
import io.slipway.simulator.image.SlipwayImage;
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
  /**
   * The delay relay's first port on a node (inbound connections), then one per other node: below
   * the kernel's ephemeral range (32768 and up), so no connection of the node holds it already.
   */
  private static final int RELAY_PORT = 24800;
  /** Who the delay relay runs as: its own connections are the ones the firewall lets by. */
  private static final String RELAY_USER = "65534";

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
    List<String> others = others(fault, resolve);
    for (String target : targets) {
      heals.add(injectOne(fault, target, others));
    }
    String description = fault instanceof FaultSpec.PartitionOneWay ? "cannot reach " + String.join(", ",
        others.stream().filter(other -> !targets.contains(other)).toList()) + ", which still reach it," : fault.describe();
    return new ActiveFault(step, description + " on " + String.join(", ", targets), targets,
        () -> heals.forEach(ActiveFault.Heal::run));
  }

  /** The nodes a fault acts towards: whom a one-way partition cuts off, whom a delay slows (every node by default). */
  private List<String> others(FaultSpec fault, Function<Target, List<String>> resolve) {
    if (fault instanceof FaultSpec.PartitionOneWay oneWay) {
      return resolve.apply(oneWay.to());
    }
    if (fault instanceof FaultSpec.Delay delay) {
      return delay.to().map(resolve).orElseGet(() -> fleet.nodes().stream().map(FleetNode::name).toList());
    }
    return List.of();
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
            drop("INPUT", "!", "-i", "lo", "-p", "tcp", "--dport", port),
            drop("OUTPUT", "!", "-o", "lo", "-p", "tcp", "--dport", port)));
      }

      @Override
      public ActiveFault.Heal partitionOneWay(FaultSpec.PartitionOneWay oneWay) {
        // what the node sends in the direction of connections it opened: theirs it still answers
        List<List<String>> rules = others.stream().filter(other -> !other.equals(target))
            .map(other -> drop("OUTPUT", "-d", fleet.node(other).internalAddress(), "-m", "conntrack",
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
      public ActiveFault.Heal delay(FaultSpec.Delay delay) {
        List<FleetNode> peers = others.stream().filter(other -> !other.equals(target)).map(fleet::node).toList();
        if (peers.isEmpty()) {
          throw new FleetException("delay: " + target + " is the only node it would be delayed to");
        }
        return delayPort(fleet.node(target), delay, peers);
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
   * Delays and drops what {@code node} sends on the port to {@code peers}. The delay: the
   * stand-ins' {@code delay-proxy} on the node's network, as the unprivileged {@link #RELAY_USER};
   * the firewall redirects the peers' connections to the port into it (it answers late), and the
   * node's own connections to a peer's port into a relay port of that peer, which forwards them
   * (its own connections pass by the rule) and sends late. The loss: a random DROP of that
   * fraction of the packets the node sends on the port to them. Open connections on the port are
   * reset so that they come back through it all; the heal undoes it and resets them again.
   */
  private ActiveFault.Heal delayPort(FleetNode node, FaultSpec.Delay delay, List<FleetNode> peers) {
    String port = String.valueOf(delay.port());
    String relay = "slipway-delay-" + port;
    List<List<String>> rules = new ArrayList<>();
    if (!delay.latency().isZero()) {
      List<String> routes = new ArrayList<>(List.of("--route", "0.0.0.0:" + RELAY_PORT + "=127.0.0.1:" + port + ",server"));
      int next = RELAY_PORT + 1;
      for (FleetNode peer : peers) {
        String address = peer.internalAddress();
        routes.addAll(List.of("--route", "127.0.0.1:" + next + "=" + address + ":" + port + ",client"));
        rules.add(List.of("nat", "PREROUTING", "-s", address, "-p", "tcp", "--dport", port, "-j", "REDIRECT",
            "--to-ports", String.valueOf(RELAY_PORT)));
        rules.add(List.of("nat", "OUTPUT", "-d", address, "-p", "tcp", "--dport", port, "-m", "owner", "!",
            "--uid-owner", RELAY_USER, "-j", "REDIRECT", "--to-ports", String.valueOf(next++)));
      }
      startRelay(node, relay, delay, routes);
    }
    if (delay.loss() > 0) {
      for (FleetNode peer : peers) {
        rules.add(drop("OUTPUT", "-d", peer.internalAddress(), "-p", "tcp", "-m", "multiport", "--ports", port,
            "-m", "statistic", "--mode", "random", "--probability", String.valueOf(delay.loss())));
      }
    }
    ActiveFault.Heal firewall;
    try {
      firewall = firewall(node, rules);
    } catch (FleetException e) {
      node.exec("docker", "rm", "-f", relay);
      throw e;
    }
    resetConnections(node, port);
    return () -> {
      try {
        firewall.run();
      } finally {
        resetConnections(node, port);
        node.exec("docker", "rm", "-f", relay);
      }
    };
  }

  /** Runs the stand-ins' delay-proxy on the node's network as {@link #RELAY_USER}, and waits until it listens. */
  private void startRelay(FleetNode node, String relay, FaultSpec.Delay delay, List<String> routes) {
    List<String> command = new ArrayList<>(List.of("docker", "run", "-d", "--name", relay, "--network", "host",
        "--user", RELAY_USER + ":" + RELAY_USER, fleet.imageReference(SlipwayImage.COMPONENTS), "java", "-Xmx48m",
        "-XX:+UseSerialGC", "-jar", "/opt/slipway/standin.jar", "delay-proxy",
        "--delay", delay.latency().toMillis() + "ms", "--jitter", delay.jitter().toMillis() + "ms"));
    command.addAll(routes);
    node.exec("docker", "rm", "-f", relay);
    node.exec(command.toArray(String[]::new)).orThrow(node.name(), "starting the delay relay");
    boolean ready = Poll.until(RESTART_WAIT, Duration.ofMillis(250), () ->
        node.exec("docker", "logs", relay).stdout().contains("delay-proxy ready"));
    if (!ready) {
      ExecResult logs = node.exec("docker", "logs", "--tail", "5", relay);
      node.exec("docker", "rm", "-f", relay);
      throw new FleetException("node " + node.name() + ": the delay relay did not start within "
          + RESTART_WAIT.toSeconds() + " s: " + (logs.stdout() + logs.stderr()).strip());
    }
  }

  /** Resets every TCP connection of the node from or to {@code port}: they reconnect as the firewall now says. */
  private static void resetConnections(FleetNode node, String port) {
    node.exec("ss", "-K", "-t", "( sport = :" + port + " or dport = :" + port + " )");
  }

  /** A rule of the filter table dropping what {@code match} matches in {@code chain}. */
  private static List<String> drop(String chain, String... match) {
    List<String> rule = new ArrayList<>(List.of("filter", chain));
    rule.addAll(List.of(match));
    rule.addAll(List.of("-j", "DROP"));
    return rule;
  }

  /**
   * Inserts each rule (table, chain, match, target) into the node's own firewall (its network
   * namespace, where the components run with host networking), all or none: a rule that cannot
   * be added takes back those that were. The heal deletes exactly those rules, each tried even
   * when another fails.
   */
  private static ActiveFault.Heal firewall(FleetNode node, List<List<String>> rules) {
    List<List<String>> added = new ArrayList<>();
    for (List<String> rule : rules) {
      ExecResult result = node.exec(iptables("-I", rule));
      if (!result.succeeded()) {
        deleteRules(node, added);
        throw new FleetException("node " + node.name() + ": adding firewall rule " + String.join(" ", rule)
            + " failed: " + result.stderr().strip());
      }
      added.add(rule);
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

  /** {@code iptables -w -t TABLE ACTION CHAIN MATCH… -m comment --comment slipway-fault -j TARGET…}. */
  private static String[] iptables(String action, List<String> rule) {
    List<String> command = new ArrayList<>(List.of("iptables", "-w", "-t", rule.get(0), action, rule.get(1)));
    List<String> rest = rule.subList(2, rule.size());
    int target = rest.indexOf("-j");
    command.addAll(rest.subList(0, target));
    command.addAll(List.of("-m", "comment", "--comment", "slipway-fault"));
    command.addAll(rest.subList(target, rest.size()));
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
