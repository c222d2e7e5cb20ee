package io.slipway.engine.plan;

/** The order in which a cluster comes up: files and images, etcd, control plane, workers. */
public enum Phase {
  PREPARE, ETCD, CONTROLPLANE, WORKER;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
