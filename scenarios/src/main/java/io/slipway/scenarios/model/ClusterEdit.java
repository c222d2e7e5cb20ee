package io.slipway.scenarios.model;

import java.util.List;

/** A change to the scenario's cluster.yml. */
public sealed interface ClusterEdit {

  /** Appends to {@code authentication.sans}. */
  record AddSan(String san) implements ClusterEdit {
  }

  /** Adds fleet nodes to {@code nodes} (with their fleet roles). */
  record AddNodes(List<String> nodes) implements ClusterEdit {
  }

  /** Removes nodes from {@code nodes}. */
  record RemoveNodes(List<String> nodes) implements ClusterEdit {
  }

  /** Sets a value at a dotted path, e.g. {@code services.kubelet.extra_args.max-pods}. */
  record Set(String path, String value) implements ClusterEdit {
  }
}
