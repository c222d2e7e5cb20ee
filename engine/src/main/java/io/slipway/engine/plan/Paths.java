package io.slipway.engine.plan;

/** RKE's file locations on every host; certificates and kubeconfigs live in {@link #SSL}. */
final class Paths {
  static final String KUBERNETES = "/etc/kubernetes";
  static final String SSL = KUBERNETES + "/ssl";
  static final String CA = SSL + "/kube-ca.pem";
  static final String SNAPSHOTS = "/opt/rke/etcd-snapshots";
  static final String ETCD_DATA = "/var/lib/etcd";

  private Paths() {
  }

  static String cert(String name) {
    return SSL + "/" + name + ".pem";
  }

  static String key(String name) {
    return SSL + "/" + name + "-key.pem";
  }

  static String kubeconfig(String name) {
    return SSL + "/kubecfg-" + name + ".yaml";
  }

  /** RKE names each etcd member's certificate after its internal address: kube-etcd-10-0-0-11. */
  static String etcdCertName(String internalAddress) {
    return "kube-etcd-" + internalAddress.replace('.', '-').replace(':', '-');
  }
}
