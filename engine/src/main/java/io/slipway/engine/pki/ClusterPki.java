package io.slipway.engine.pki;

import io.slipway.engine.config.Cidr;
import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.NodeConfig;
import io.slipway.engine.config.Role;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Issues the certificates RKE gives a cluster, from a config: the apiserver's with every name
 * clients use to reach it, one per etcd member, the component identities, the service-account
 * key and the front-proxy pair (signed by its own request-header CA).
 */
public final class ClusterPki {

  public static final String CA = "kube-ca";
  public static final String REQUEST_HEADER_CA = "kube-apiserver-requestheader-ca";

  private ClusterPki() {
  }

  /** A complete new PKI: new CAs and every certificate. */
  public static ClusterCertificates create(ClusterConfig config, KeyType keyType, Clock clock, SecureRandom random) {
    CertificateAuthority ca = CertificateAuthority.create(CA, keyType, clock, random);
    CertificateAuthority requestHeader = CertificateAuthority.create(REQUEST_HEADER_CA, keyType, clock, random);
    return issue(config, ca, requestHeader);
  }

  /**
   * The services {@code cert-rotate --service} names, as RKE's {@code cert rotate --service}, and
   * the certificates of each (etcd's: every member's {@code kube-etcd-*}).
   */
  public static final Map<String, List<String>> SERVICES = Map.of(
      "kube-apiserver", List.of("kube-apiserver", "kube-apiserver-proxy-client"),
      "kube-controller-manager", List.of("kube-controller-manager"),
      "kube-scheduler", List.of("kube-scheduler"),
      "kubelet", List.of("kube-node"),
      "kube-proxy", List.of("kube-proxy"),
      "etcd", List.of("kube-etcd-"));

  /**
   * Reissues every certificate for the current config (new SANs take effect), keeping the CAs
   * and, as RKE does, the service-account key (tokens signed with it stay valid), unless
   * {@code rotateCa}: then everything is new.
   */
  public static ClusterCertificates rotate(ClusterCertificates current, ClusterConfig config, boolean rotateCa,
      KeyType keyType, Clock clock, SecureRandom random) {
    return rotate(current, config, rotateCa, Set.of(), keyType, clock, random);
  }

  /**
   * As {@link #rotate(ClusterCertificates, ClusterConfig, boolean, KeyType, Clock, SecureRandom)},
   * reissuing only the certificates of {@code services} (names of {@link #SERVICES}; empty: every
   * service); {@code rotateCa} reissues everything whatever the services.
   */
  public static ClusterCertificates rotate(ClusterCertificates current, ClusterConfig config, boolean rotateCa,
      Set<String> services, KeyType keyType, Clock clock, SecureRandom random) {
    if (rotateCa) {
      return create(config, keyType, clock, random);
    }
    ClusterCertificates fresh = issue(config, CertificateAuthority.of(current.require(CA), keyType, clock, random),
        CertificateAuthority.of(current.require(REQUEST_HEADER_CA), keyType, clock, random));
    List<String> rotated = services.isEmpty() ? null : services.stream().flatMap(s -> SERVICES.get(s).stream()).toList();
    Map<String, IssuedCertificate> certs = new LinkedHashMap<>();
    fresh.byName().forEach((name, cert) -> {
      boolean reissue = rotated == null ? !name.equals("kube-service-account-token")
          : rotated.stream().anyMatch(prefix -> prefix.endsWith("-") ? name.startsWith(prefix) : name.equals(prefix));
      // a certificate the config did not have before (a new etcd member's) is always issued
      certs.put(name, reissue || current.get(name).isEmpty() ? cert : current.require(name));
    });
    return new ClusterCertificates(certs);
  }

  static ClusterCertificates issue(ClusterConfig config, CertificateAuthority ca, CertificateAuthority requestHeader) {
    Map<String, IssuedCertificate> certs = new LinkedHashMap<>();
    certs.put(CA, ca.asIssued());
    certs.put(REQUEST_HEADER_CA, requestHeader.asIssued());
    certs.put("kube-apiserver", ca.issue(CertificateRequest.server("kube-apiserver", apiserverDnsNames(config),
        apiserverIps(config))));
    certs.put("kube-node", ca.issue(CertificateRequest.client("system:node", "system:nodes")));
    certs.put("kube-proxy", ca.issue(CertificateRequest.client("system:kube-proxy")));
    certs.put("kube-controller-manager", ca.issue(CertificateRequest.client("system:kube-controller-manager")));
    certs.put("kube-scheduler", ca.issue(CertificateRequest.client("system:kube-scheduler")));
    certs.put("kube-admin", ca.issue(CertificateRequest.client("kube-admin", "system:masters")));
    certs.put("kube-service-account-token", ca.issue(CertificateRequest.client("kube-service-account-token")));
    certs.put("kube-apiserver-proxy-client", requestHeader.issue(CertificateRequest.client("kube-apiserver-proxy-client")));
    List<NodeConfig> etcd = config.nodes().stream().filter(n -> n.has(Role.ETCD)).toList();
    Set<String> etcdDns = new LinkedHashSet<>(List.of("localhost"));
    Set<String> etcdIps = new LinkedHashSet<>(List.of("127.0.0.1"));
    for (NodeConfig node : etcd) {
      addName(node.address(), etcdDns, etcdIps);
      addName(node.internalAddress(), etcdDns, etcdIps);
      addName(node.hostname(), etcdDns, etcdIps);
    }
    for (NodeConfig node : etcd) {
      String name = "kube-etcd-" + node.internalAddress().replace('.', '-').replace(':', '-');
      certs.put(name, ca.issue(new CertificateRequest(name, List.of(), List.copyOf(etcdDns), List.copyOf(etcdIps),
          Set.of(Usage.SERVER, Usage.CLIENT), Duration.ofDays(3650))));
    }
    return new ClusterCertificates(certs);
  }

  /** localhost, kubernetes, kubernetes.default[.svc[.domain]], controlplane hostnames, DNS-name SANs. */
  public static List<String> apiserverDnsNames(ClusterConfig config) {
    Set<String> names = new LinkedHashSet<>(List.of("localhost", "kubernetes", "kubernetes.default",
        "kubernetes.default.svc", "kubernetes.default.svc." + config.services().kubelet().clusterDomain()));
    Set<String> ignoredIps = new LinkedHashSet<>();
    for (NodeConfig node : config.nodes()) {
      if (node.has(Role.CONTROLPLANE)) {
        addName(node.hostname(), names, ignoredIps);
      }
    }
    config.authentication().sans().forEach(san -> addName(san, names, ignoredIps));
    return List.copyOf(names);
  }

  /** 127.0.0.1, the kubernetes service IP, every controlplane address, IP SANs. */
  public static List<String> apiserverIps(ClusterConfig config) {
    Set<String> ips = new LinkedHashSet<>(List.of("127.0.0.1",
        Cidr.parse(config.services().kubeApi().serviceClusterIpRange()).orElseThrow().address(1)));
    Set<String> ignoredNames = new LinkedHashSet<>();
    for (NodeConfig node : config.nodes()) {
      if (node.has(Role.CONTROLPLANE)) {
        addName(node.address(), ignoredNames, ips);
        addName(node.internalAddress(), ignoredNames, ips);
      }
    }
    config.authentication().sans().forEach(san -> addName(san, ignoredNames, ips));
    return new ArrayList<>(ips);
  }

  private static void addName(String value, Set<String> dns, Set<String> ips) {
    if (value == null || value.isBlank()) {
      return;
    }
    if (Cidr.parseAddress(value).isPresent()) {
      ips.add(value);
    } else {
      dns.add(value);
    }
  }
}
