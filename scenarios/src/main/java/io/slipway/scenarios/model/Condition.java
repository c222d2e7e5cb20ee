package io.slipway.scenarios.model;

/** What a {@code wait_until} step waits for, polled live. */
public sealed interface Condition {

  /**
   * What to do with each kind of {@code Condition}: whoever interprets them implements this, so a new
   * kind does not compile until each interpreter handles it.
   *
   * @param <R> what each visit returns
   */
  interface Visitor<R> {
    R nodesReady(NodesReady nodesReady);

    R nodeReady(NodeReady nodeReady);

    R nodeNotReady(NodeNotReady nodeNotReady);

    R apiAvailable(ApiAvailable apiAvailable);

    R etcdHealthy(EtcdHealthy etcdHealthy);

    R floatingAddressOn(FloatingAddressOn floatingAddressOn);

    R containerRunning(ContainerRunning containerRunning);

    R podsRunning(PodsRunning podsRunning);
  }

  <R> R accept(Visitor<R> visitor);

  /** The condition in words, e.g. {@code 7 nodes Ready}. */
  String describe();

  record NodesReady(int count) implements Condition {
    @Override
    public String describe() {
      return count + " nodes Ready";
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.nodesReady(this);
    }
  }

  record NodeReady(String node) implements Condition {
    @Override
    public String describe() {
      return node + " Ready";
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.nodeReady(this);
    }
  }

  record NodeNotReady(String node) implements Condition {
    @Override
    public String describe() {
      return node + " NotReady";
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.nodeNotReady(this);
    }
  }

  /** A read through the API endpoint succeeds. */
  record ApiAvailable() implements Condition {
    @Override
    public String describe() {
      return "the API answers";
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.apiAvailable(this);
    }
  }

  /** Every etcd member reports healthy. */
  record EtcdHealthy() implements Condition {
    @Override
    public String describe() {
      return "every etcd member healthy";
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.etcdHealthy(this);
    }
  }

  /** The load balancer holds the fleet's floating address. */
  record FloatingAddressOn(String loadBalancer) implements Condition {
    @Override
    public String describe() {
      return "the floating address on " + loadBalancer;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.floatingAddressOn(this);
    }
  }

  /** The container runs on the node. */
  record ContainerRunning(String node, String container) implements Condition {
    @Override
    public String describe() {
      return container + " running on " + node;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.containerRunning(this);
    }
  }

  /**
   * {@code count} pods of the label selector (on {@code node}, when named) are Running with every
   * container ready, and each of their containers runs in their node's Docker engine.
   */
  record PodsRunning(String selector, int count, String node) implements Condition {
    @Override
    public String describe() {
      return count + " pods of " + selector + " running" + (node == null ? "" : " on " + node);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.podsRunning(this);
    }
  }
}
