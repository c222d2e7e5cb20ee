package io.slipway.engine.pki;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every certificate of a cluster by its RKE name ({@code kube-ca}, {@code kube-apiserver},
 * {@code kube-etcd-10-0-0-11}, …), the names the plan's files refer to. Never printed with keys.
 */
public record ClusterCertificates(Map<String, IssuedCertificate> byName) {

  public ClusterCertificates {
    byName = Collections.unmodifiableMap(new TreeMap<>(byName));
  }

  public Optional<IssuedCertificate> get(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public IssuedCertificate require(String name) {
    return get(name).orElseThrow(() -> new IllegalArgumentException("the cluster PKI has no certificate " + name));
  }

  @Override
  public String toString() {
    return "ClusterCertificates" + byName.keySet();
  }
}
