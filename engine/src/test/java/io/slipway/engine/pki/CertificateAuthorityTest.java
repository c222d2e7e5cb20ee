package io.slipway.engine.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CertificateAuthorityTest {

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void issuesServerCertificatesWithEverySanSignedByTheCa(KeyType type) throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("kube-ca", type, Clock.systemUTC(), new SecureRandom());
    IssuedCertificate apiserver = ca.issue(CertificateRequest.server("kube-apiserver",
        List.of("kubernetes", "kubernetes.default.svc.cluster.local", "localhost"),
        List.of("10.43.0.1", "192.168.0.10", "127.0.0.1")));

    X509Certificate cert = apiserver.certificate();
    cert.verify(ca.certificate().getPublicKey());
    assertThat(cert.getSubjectAlternativeNames()).extracting(san -> san.get(1).toString()).containsExactlyInAnyOrder(
        "kubernetes", "kubernetes.default.svc.cluster.local", "localhost", "10.43.0.1", "192.168.0.10", "127.0.0.1");
    assertThat(cert.getExtendedKeyUsage()).as("server and client auth")
        .containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    assertThat(ca.certificate().getBasicConstraints()).as("the CA is a CA").isGreaterThanOrEqualTo(0);
    assertThat(cert.getBasicConstraints()).as("a leaf is not").isEqualTo(-1);
  }

  @Test
  void clientCertificatesNameTheUserAndGroupsAsKubernetesReadsThem() {
    CertificateAuthority ca = CertificateAuthority.create("kube-ca", KeyType.ECDSA_P256, Clock.systemUTC(),
        new SecureRandom());
    IssuedCertificate admin = ca.issue(CertificateRequest.client("kube-admin", "system:masters"));
    assertThat(admin.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=kube-admin,O=system:masters");
    assertThat(admin.toString()).doesNotContain("PRIVATE");
  }

  @Test
  void pemRoundTripsCertificatesAndKeys() {
    CertificateAuthority ca = CertificateAuthority.create("kube-ca", KeyType.RSA_2048, Clock.systemUTC(),
        new SecureRandom());
    IssuedCertificate node = ca.issue(CertificateRequest.client("system:node:worker-1", "system:nodes"));
    assertThat(Pem.readCertificate(node.certificatePem())).isEqualTo(node.certificate());
    assertThat(Pem.readPrivateKey(node.privateKeyPem())).isEqualTo(node.privateKey());
    assertThat(node.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
  }
}
