package io.slipway.engine.exec;

import io.slipway.engine.plan.ContainerChange;

/** Something a run changed on the cluster, as {@code up} reports it. */
public sealed interface Change {

  /** {@code host master-1: replace kube-apiserver (certificates changed)}. */
  String describe();

  /** A container created, replaced, started or removed, as the diff decided. */
  record ContainerChanged(String host, ContainerChange change) implements Change {
    public ContainerChanged {
      if (!change.isChange()) {
        throw new IllegalArgumentException("keeping " + change.container() + " changes nothing");
      }
    }

    @Override
    public String describe() {
      return "host " + host + ": " + change.describe();
    }
  }

  /** An etcd member added to or removed from the membership, through the member on {@code host}. */
  record EtcdMemberChanged(String host, String member, boolean added) implements Change {
    @Override
    public String describe() {
      return "host " + host + ": etcd member " + member + (added ? " added" : " removed");
    }
  }

  /** A node's labels or taints set, or taken away, as cluster.yml asks. */
  record NodeLabelled(String node, String what) implements Change {
    @Override
    public String describe() {
      return "node " + node + ": " + what;
    }
  }

  /** A node cordoned (and drained) or uncordoned by a rolling upgrade. */
  record NodeScheduling(String node, String what) implements Change {
    @Override
    public String describe() {
      return "node " + node + ": " + what;
    }
  }

  /** The Node object of a node that left the cluster, deleted. */
  record NodeDeleted(String node) implements Change {
    @Override
    public String describe() {
      return "node " + node + " deleted from the cluster";
    }
  }

  /** An addon's manifest stored anew and applied by its job ({@code kubectl apply}), which completed. */
  record AddonDeployed(String addon, String job) implements Change {
    @Override
    public String describe() {
      return "addon " + addon + " applied (job " + job + " completed)";
    }
  }

  /** The containers a departed node's kubelet ran for pods were removed. */
  record PodContainersRemoved(String host, int count) implements Change {
    @Override
    public String describe() {
      return "host " + host + ": removed " + count + (count == 1 ? " pod container" : " pod containers")
          + " (its kubelet is gone)";
    }
  }

  /** A system addon cluster.yml no longer asks for was removed: every object of its stored manifest deleted. */
  record AddonRemoved(String addon, String reason) implements Change {
    @Override
    public String describe() {
      return "addon " + addon + " removed (" + reason + ")";
    }
  }
}
