package io.slipway.standin.apiserver;

import io.slipway.engine.config.Cidr;

/**
 * What the apiserver adds to objects on their way in, from its flags: cluster IPs for Services
 * from {@code --service-cluster-ip-range}; and, as the DefaultTolerationSeconds admission plugin
 * does, tolerations of the not-ready and unreachable NoExecute taints for {@code
 * --default-not-ready-toleration-seconds} and {@code --default-unreachable-toleration-seconds}
 * on every pod that has none of its own (how long its pods outlive a node that stopped answering).
 */
public record Admission(Cidr serviceRange, long notReadySeconds, long unreachableSeconds) {

  public static final String NOT_READY = "node.kubernetes.io/not-ready";
  public static final String UNREACHABLE = "node.kubernetes.io/unreachable";
}
