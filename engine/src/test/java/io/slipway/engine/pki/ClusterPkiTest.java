package io.slipway.engine.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.Strictness;
import io.slipway.engine.plan.FileSource;
import io.slipway.engine.plan.Planner;
import io.slipway.engine.plan.Step;
import io.slipway.engine.state.ClusterState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterPkiTest {

  private final ClusterConfig reference =
      ConfigLoader.load(Path.of("../examples/reference-cluster.yml"), Strictness.STRICT).config();
  private final ClusterCertificates pki = ClusterPki.create(reference, KeyType.ECDSA_P256, Clock.systemUTC(),
      new SecureRandom());

  @Test
  void theApiserverCertificateNamesEveryWayClientsReachIt() throws Exception {
    assertThat(sans(pki.require("kube-apiserver").certificate())).contains(
        "192.168.0.10",  // the LB address from authentication.sans: the walkthrough's x509 error fixed
        "192.168.0.11", "192.168.0.12", "192.168.0.13", "10.43.0.1", "127.0.0.1", "localhost", "kubernetes",
        "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local", "master-1");
    assertThat(sans(pki.require("kube-apiserver").certificate())).doesNotContain("192.168.0.14");
  }

  @Test
  void eachEtcdMemberHasACertificateForEveryMembersAddress() throws Exception {
    for (String ip : List.of("192-168-0-11", "192-168-0-12", "192-168-0-13")) {
      assertThat(sans(pki.require("kube-etcd-" + ip).certificate()))
          .contains("192.168.0.11", "192.168.0.12", "192.168.0.13", "127.0.0.1");
    }
    assertThat(pki.get("kube-etcd-192.168.0.14")).as("workers are not etcd members").isEmpty();
  }

  @Test
  void componentIdentitiesAreTheOnesKubernetesAuthorizes() {
    assertThat(subject("kube-node")).isEqualTo("CN=system:node,O=system:nodes");
    assertThat(subject("kube-controller-manager")).isEqualTo("CN=system:kube-controller-manager");
    assertThat(subject("kube-scheduler")).isEqualTo("CN=system:kube-scheduler");
    assertThat(subject("kube-proxy")).isEqualTo("CN=system:kube-proxy");
    assertThat(subject("kube-admin")).isEqualTo("CN=kube-admin,O=system:masters");
    assertThat(pki.require("kube-apiserver-proxy-client").certificate().getIssuerX500Principal().getName())
        .as("the front-proxy client is signed by the request-header CA").isEqualTo("CN=kube-apiserver-requestheader-ca");
  }

  @Test
  void rotationReissuesWithNewSansAndKeepsTheCaUnlessAsked() throws Exception {
    ClusterConfig withSan = ConfigLoader.parse("cluster.yml", Files.readString(
        Path.of("../examples/reference-cluster.yml")).replace("- 192.168.0.10", "- 192.168.0.10\n    - lb.example.internal"),
        Strictness.STRICT).config();
    ClusterCertificates rotated = ClusterPki.rotate(pki, withSan, false, KeyType.ECDSA_P256, Clock.systemUTC(),
        new SecureRandom());
    assertThat(sans(rotated.require("kube-apiserver").certificate())).contains("lb.example.internal");
    assertThat(rotated.require("kube-ca").certificate()).as("CA kept").isEqualTo(pki.require("kube-ca").certificate());
    rotated.require("kube-apiserver").certificate().verify(pki.require("kube-ca").certificate().getPublicKey());
    assertThat(rotated.require("kube-node").certificate()).isNotEqualTo(pki.require("kube-node").certificate());

    ClusterCertificates newCa = ClusterPki.rotate(pki, withSan, true, KeyType.ECDSA_P256, Clock.systemUTC(),
        new SecureRandom());
    assertThat(newCa.require("kube-ca").certificate()).isNotEqualTo(pki.require("kube-ca").certificate());
  }

  @Test
  void aServiceRotatesItsOwnCertificatesAndNoneKeepsTheServiceAccountKey() {
    ClusterCertificates kubelet = ClusterPki.rotate(pki, reference, false, Set.of("kubelet"), KeyType.ECDSA_P256,
        Clock.systemUTC(), new SecureRandom());
    assertThat(changed(pki, kubelet)).containsExactly("kube-node");
    ClusterCertificates etcd = ClusterPki.rotate(pki, reference, false, Set.of("etcd", "kube-apiserver"),
        KeyType.ECDSA_P256, Clock.systemUTC(), new SecureRandom());
    assertThat(changed(pki, etcd)).containsExactlyInAnyOrder("kube-apiserver", "kube-apiserver-proxy-client",
        "kube-etcd-192-168-0-11", "kube-etcd-192-168-0-12", "kube-etcd-192-168-0-13");
    ClusterCertificates all = ClusterPki.rotate(pki, reference, false, KeyType.ECDSA_P256, Clock.systemUTC(),
        new SecureRandom());
    assertThat(changed(pki, all)).as("as RKE: tokens signed with the service-account key stay valid")
        .doesNotContain("kube-service-account-token", "kube-ca", "kube-apiserver-requestheader-ca")
        .contains("kube-node", "kube-admin", "kube-apiserver");
  }

  private static List<String> changed(ClusterCertificates before, ClusterCertificates after) {
    return after.byName().keySet().stream().filter(name -> !after.require(name).certificate()
        .equals(before.require(name).certificate())).sorted().toList();
  }

  @Test
  void everyCertificateThePlanWritesExists() {
    var plan = Planner.plan(reference, ClusterState.EMPTY);
    List<String> referenced = plan.steps().stream()
        .filter(s -> s instanceof Step.WriteFile w && w.source() instanceof FileSource.Pki)
        .map(s -> ((FileSource.Pki) ((Step.WriteFile) s).source()).name())
        .distinct().toList();
    assertThat(referenced).isNotEmpty().allSatisfy(name -> assertThat(pki.get(name)).as(name).isPresent());
  }

  private String subject(String name) {
    return pki.require(name).certificate().getSubjectX500Principal().getName();
  }

  private static List<String> sans(X509Certificate cert) throws CertificateParsingException {
    return cert.getSubjectAlternativeNames().stream().map(san -> san.get(1).toString()).toList();
  }
}
