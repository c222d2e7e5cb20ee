package io.slipway.engine.plan;

import java.util.Locale;

/** The order in which a cluster comes up: files and images, etcd, control plane, workers, addons. */
public enum Phase {
  PREPARE, ETCD, CONTROLPLANE, WORKER, ADDONS;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
