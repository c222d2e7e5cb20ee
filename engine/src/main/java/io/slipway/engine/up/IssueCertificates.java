package io.slipway.engine.up;

import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.Role;
import io.slipway.engine.pki.ClusterCertificates;
import io.slipway.engine.pki.ClusterPki;
import io.slipway.engine.state.StateStore;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Stage: the cluster's certificates. Kept from the state file when they still fit the config;
 * reissued (same CA) when the apiserver's names or the etcd members changed, as RKE regenerates
 * only what the new config invalidates; created fresh for a new cluster.
 */
final class IssueCertificates {

  private IssueCertificates() {
  }

  static ClusterCertificates run(ClusterConfig config, StateStore.Saved saved, UpOptions options, Clock clock) {
    Optional<ClusterCertificates> current = saved.certificates();
    if (current.isEmpty()) {
      return ClusterPki.create(config, options.keyType(), clock, new SecureRandom());
    }
    if (fits(current.get(), config)) {
      return current.get();
    }
    return ClusterPki.rotate(current.get(), config, false, options.keyType(), clock, new SecureRandom());
  }

  /** Whether the certificates still serve {@code config} (its apiserver names, its etcd members). */
  static boolean fits(ClusterCertificates certs, ClusterConfig config) {
    Set<String> wanted = new HashSet<>(ClusterPki.apiserverDnsNames(config));
    wanted.addAll(ClusterPki.apiserverIps(config));
    boolean etcdMembers = config.nodes().stream().filter(n -> n.has(Role.ETCD))
        .allMatch(n -> certs.get("kube-etcd-" + n.internalAddress().replace('.', '-')).isPresent());
    return etcdMembers && certs.get("kube-apiserver").map(c -> sans(c.certificate()).containsAll(wanted)).orElse(false);
  }

  private static Set<String> sans(X509Certificate certificate) {
    try {
      Set<String> names = new HashSet<>();
      for (List<?> san : certificate.getSubjectAlternativeNames()) {
        names.add(san.get(1).toString());
      }
      return names;
    } catch (CertificateParsingException e) {
      return Set.of();
    }
  }
}
