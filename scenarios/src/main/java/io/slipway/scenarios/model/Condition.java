package io.slipway.scenarios.model;

/** What a {@code wait_until} step waits for, polled live. */
public sealed interface Condition {

  record NodesReady(int count) implements Condition {
  }

  record NodeReady(String node) implements Condition {
  }

  record NodeNotReady(String node) implements Condition {
  }

  /** A read through the API endpoint succeeds. */
  record ApiAvailable() implements Condition {
  }

  /** Every etcd member reports healthy. */
  record EtcdHealthy() implements Condition {
  }

  /** The load balancer holds the fleet's floating address. */
  record FloatingAddressOn(String loadBalancer) implements Condition {
  }

  /** The container runs on the node. */
  record ContainerRunning(String node, String container) implements Condition {
  }
}
