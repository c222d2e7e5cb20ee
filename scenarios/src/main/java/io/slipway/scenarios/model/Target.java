package io.slipway.scenarios.model;

/** Which node (or load balancer) a fault acts on; resolved when the fault starts. */
public sealed interface Target {

  /** A node (or load balancer) by name. */
  record Named(String name) implements Target {
  }

  /** {@code count} distinct nodes with a role, chosen with the scenario's seed. */
  record WithRole(String role, int count) implements Target {
  }

  /** The node whose kube-controller-manager or kube-scheduler holds the lease. */
  record LeaderOf(String component) implements Target {
  }

  /** The node whose etcd member is the Raft leader. */
  record EtcdLeader() implements Target {
  }

  /** The load balancer holding the floating address (else the first). */
  record ActiveLoadBalancer() implements Target {
  }
}
