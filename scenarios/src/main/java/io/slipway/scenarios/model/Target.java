package io.slipway.scenarios.model;

/** Which node (or load balancer) a fault acts on; resolved when the fault starts. */
public sealed interface Target {

  /**
   * What to do with each kind of {@code Target}: whoever interprets them implements this, so a new
   * kind does not compile until each interpreter handles it.
   *
   * @param <R> what each visit returns
   */
  interface Visitor<R> {
    R named(Named named);

    R withRole(WithRole withRole);

    R leaderOf(LeaderOf leaderOf);

    R etcdLeader(EtcdLeader etcdLeader);

    R onEngine(OnEngine onEngine);

    R activeLoadBalancer(ActiveLoadBalancer activeLoadBalancer);
  }

  <R> R accept(Visitor<R> visitor);

  /** Whom the target names, e.g. {@code the node leading kube-scheduler}. */
  String describe();

  /** A node (or load balancer) by name. */
  record Named(String name) implements Target {
    @Override
    public String describe() {
      return name;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.named(this);
    }
  }

  /** {@code count} distinct nodes with a role, chosen with the scenario's seed. */
  record WithRole(String role, int count) implements Target {
    @Override
    public String describe() {
      return count + " " + role + " node" + (count == 1 ? "" : "s") + " (seeded choice)";
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.withRole(this);
    }
  }

  /** The node whose kube-controller-manager or kube-scheduler holds the lease. */
  record LeaderOf(String component) implements Target {
    @Override
    public String describe() {
      return "the node leading " + component;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.leaderOf(this);
    }
  }

  /**
   * Every node that one of a spread fleet's Docker engines runs ({@code engine-2}: the second the
   * fleet file lists), as the machines behind one switch or in one rack.
   */
  record OnEngine(String engine) implements Target {
    @Override
    public String describe() {
      return "the nodes on " + engine;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.onEngine(this);
    }
  }

  /** The node whose etcd member is the Raft leader. */
  record EtcdLeader() implements Target {
    @Override
    public String describe() {
      return "the etcd leader";
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.etcdLeader(this);
    }
  }

  /** The load balancer holding the floating address (else the first). */
  record ActiveLoadBalancer() implements Target {
    @Override
    public String describe() {
      return "the active load balancer";
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.activeLoadBalancer(this);
    }
  }
}
