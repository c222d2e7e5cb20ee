package io.slipway.scenarios.model;

import io.slipway.simulator.fleet.Misprepare;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A failure to inject, on a target; every kind has its heal. */
public sealed interface FaultSpec {

  /**
   * What to do with each kind of {@code FaultSpec}: whoever interprets them implements this, so a new
   * kind does not compile until each interpreter handles it.
   *
   * @param <R> what each visit returns
   */
  interface Visitor<R> {
    R kill(Kill kill);

    R stopContainer(StopContainer stopContainer);

    R stopNode(StopNode stopNode);

    R pauseNode(PauseNode pauseNode);

    R rebootNode(RebootNode rebootNode);

    R partition(Partition partition);

    R partitionPort(PartitionPort partitionPort);

    R partitionOneWay(PartitionOneWay partitionOneWay);

    R stopLoadBalancer(StopLoadBalancer stopLoadBalancer);

    R misprepare(MisprepareNode misprepare);

    R loseEtcdData(LoseEtcdData loseEtcdData);

    R clockSkew(ClockSkew clockSkew);

    R diskFull(DiskFull diskFull);

    R delay(Delay delay);
  }

  <R> R accept(Visitor<R> visitor);

  /** What the fault does, e.g. {@code kill -9 kube-apiserver}. */
  String describe();

  Target target();

  /** The node left unprepared for a cluster (swap on, ports blocked, key missing); healed by preparing it. */
  record MisprepareNode(Misprepare how, Target target) implements FaultSpec {
    @Override
    public String describe() {
      return "mis-prepare: " + how.describe();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.misprepare(this);
    }
  }

  /**
   * etcd's data lost on the node: its etcd container removed and its data directory emptied (a
   * disk lost). Nothing heals it but a restore from a snapshot.
   */
  record LoseEtcdData(Target target) implements FaultSpec {
    @Override
    public String describe() {
      return "lose etcd's data (container removed, /var/lib/etcd emptied)";
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.loseEtcdData(this);
    }
  }

  /** SIGKILL of a component container's main process; its node's dockerd restarts it (restart policy always). */
  record Kill(String container, Target target) implements FaultSpec {
    @Override
    public String describe() {
      return "kill -9 " + container;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.kill(this);
    }
  }

  /** {@code docker stop} of a component container; healed by starting it. */
  record StopContainer(String container, Target target) implements FaultSpec {
    @Override
    public String describe() {
      return "docker stop " + container;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.stopContainer(this);
    }
  }

  /** Powers the node off; healed by starting it. */
  record StopNode(Target target) implements FaultSpec {
    @Override
    public String describe() {
      return "power off";
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.stopNode(this);
    }
  }

  /** Freezes every process of the node; healed by unfreezing. */
  record PauseNode(Target target) implements FaultSpec {
    @Override
    public String describe() {
      return "pause";
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.pauseNode(this);
    }
  }

  /** Reboots the node; nothing to heal, its components come back by restart policy. */
  record RebootNode(Target target) implements FaultSpec {
    @Override
    public String describe() {
      return "reboot";
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.rebootNode(this);
    }
  }

  /** Takes the node off the fleet network; healed by putting it back. */
  record Partition(Target target) implements FaultSpec {
    @Override
    public String describe() {
      return "partition from the fleet network";
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.partition(this);
    }
  }

  /**
   * Cuts one TCP port of the node both ways (e.g. etcd's peer port 2380): nothing from another
   * node reaches it there, and it reaches that port on no other node; everything else flows, and
   * the node's own loopback is left alone. Healed by removing the rules.
   */
  record PartitionPort(int port, Target target) implements FaultSpec {
    @Override
    public String describe() {
      return "cut TCP port " + port + " both ways";
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.partitionPort(this);
    }
  }

  /**
   * The node cannot reach {@code to} while {@code to} reaches it: every packet of a connection
   * the node opens to {@code to} is dropped (new and established ones alike), while the
   * connections {@code to} opens to the node carry traffic both ways. Healed by removing the rule.
   */
  record PartitionOneWay(Target to, Target target) implements FaultSpec {
    @Override
    public String describe() {
      return "cannot reach " + to.describe() + ", which still reach it,";
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.partitionOneWay(this);
    }
  }

  /**
   * The wall clock of the node's Kubernetes components (apiserver, controller-manager, scheduler,
   * kubelet, kube-proxy) set {@code offset} away from everyone else's, as a broken NTP leaves it:
   * the stand-ins take the offset from a file on the node within a second, for every timestamp
   * they write and every certificate they judge. Their monotonic clocks, etcd and nginx keep real
   * time. Healed by taking the offset away.
   */
  record ClockSkew(Duration offset, Target target) implements FaultSpec {
    @Override
    public String describe() {
      Duration size = offset.abs();
      long ms = size.toMillis();
      String amount = ms % 3_600_000 == 0 ? ms / 3_600_000 + " h" : ms % 60_000 == 0 ? ms / 60_000 + " min"
          : ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
      return "components' clock " + amount + (offset.isNegative() ? " behind" : " ahead");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.clockSkew(this);
    }
  }

  /**
   * The file system of the node's etcd data ({@code /var/lib/etcd}, bounded by the fleet's
   * {@code etcd_disk}) filled to its last block by a file beside etcd's own; healed by removing it.
   */
  record DiskFull(Target target) implements FaultSpec {
    @Override
    public String describe() {
      return "fill etcd's disk";
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.diskFull(this);
    }
  }

  /**
   * What the node sends on TCP {@code port} (to it, and from it, as a server) arrives
   * {@code latency} late, give or take {@code jitter}, order kept, and a {@code loss} fraction of
   * its packets there is dropped; to the nodes of {@code to} only, when given. This kernel has no
   * netem: a relay on the node holds the bytes, and the firewall drops the packets. Connections
   * on the port are reset when the delay starts and ends so that they all go through the relay,
   * then around it. Healed by removing the relay and the rules.
   */
  record Delay(Duration latency, Duration jitter, double loss, Optional<Target> to, int port, Target target)
      implements FaultSpec {
    @Override
    public String describe() {
      List<String> what = new ArrayList<>();
      if (!latency.isZero()) {
        what.add("by " + latency.toMillis() + " ms" + (jitter.isZero() ? "" : " ± " + jitter.toMillis() + " ms"));
      }
      if (loss > 0) {
        what.add("losing " + BigDecimal.valueOf(loss * 100).stripTrailingZeros().toPlainString() + "% of its packets");
      }
      return "delay what it sends on TCP " + port + to.map(t -> " to " + t.describe()).orElse("") + " "
          + String.join(", ", what);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.delay(this);
    }
  }

  /** Stops a load balancer; healed by starting it. */
  record StopLoadBalancer(Target target) implements FaultSpec {
    @Override
    public String describe() {
      return "stop load balancer";
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.stopLoadBalancer(this);
    }
  }
}
