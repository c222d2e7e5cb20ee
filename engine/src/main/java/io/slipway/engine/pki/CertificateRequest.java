package io.slipway.engine.pki;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a certificate should say: subject CN and O (Kubernetes reads them as user and groups),
 * DNS and IP subject alternative names, usages and validity.
 */
public record CertificateRequest(String commonName, List<String> organizations, List<String> dnsNames,
    List<String> ipAddresses, Set<Usage> usages, Duration validity) {

  public CertificateRequest {
    Objects.requireNonNull(commonName, "commonName");
    organizations = List.copyOf(organizations);
    dnsNames = List.copyOf(dnsNames);
    ipAddresses = List.copyOf(ipAddresses);
    usages = Set.copyOf(usages);
    Objects.requireNonNull(validity, "validity");
  }

  /** A client certificate for {@code user} in {@code groups}, valid ten years as RKE's are. */
  public static CertificateRequest client(String user, String... groups) {
    return new CertificateRequest(user, List.of(groups), List.of(), List.of(), Set.of(Usage.CLIENT),
        Duration.ofDays(3650));
  }

  /** A certificate for a server (and client) with the given names, valid ten years. */
  public static CertificateRequest server(String commonName, List<String> dnsNames, List<String> ipAddresses) {
    return new CertificateRequest(commonName, List.of(), dnsNames, ipAddresses, Set.of(Usage.SERVER, Usage.CLIENT),
        Duration.ofDays(3650));
  }
}
