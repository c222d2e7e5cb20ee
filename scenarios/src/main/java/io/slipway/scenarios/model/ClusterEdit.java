package io.slipway.scenarios.model;

import java.util.List;

/** A change to the scenario's cluster.yml. */
public sealed interface ClusterEdit {

  /**
   * What to do with each kind of {@code ClusterEdit}: whoever interprets them implements this, so a new
   * kind does not compile until each interpreter handles it.
   *
   * @param <R> what each visit returns
   */
  interface Visitor<R> {
    R addSan(AddSan addSan);

    R addNodes(AddNodes addNodes);

    R removeNodes(RemoveNodes removeNodes);

    R set(Set set);
  }

  <R> R accept(Visitor<R> visitor);

  /** Appends to {@code authentication.sans}. */
  record AddSan(String san) implements ClusterEdit {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.addSan(this);
    }
  }

  /** Adds fleet nodes to {@code nodes} (with their fleet roles). */
  record AddNodes(List<String> nodes) implements ClusterEdit {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.addNodes(this);
    }
  }

  /** Removes nodes from {@code nodes}. */
  record RemoveNodes(List<String> nodes) implements ClusterEdit {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.removeNodes(this);
    }
  }

  /** Sets a value at a dotted path, e.g. {@code services.kubelet.extra_args.max-pods}. */
  record Set(String path, String value) implements ClusterEdit {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.set(this);
    }
  }
}
