package io.slipway.engine.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class KubeconfigTest {

  private final Kubeconfig admin = Kubeconfig.inline("prod", "kube-admin-prod", URI.create("https://10.0.0.1:6443"),
      "CA PEM", "CERT PEM", "KEY PEM");

  @Test
  void whatIsWrittenReadsBackTheSame() {
    assertThat(Kubeconfig.parse(admin.yaml())).isEqualTo(admin);
    Kubeconfig component = Kubeconfig.files("local", "kube-node", URI.create("https://127.0.0.1:6443"),
        "/etc/kubernetes/ssl/kube-ca.pem", "/etc/kubernetes/ssl/kube-node.pem", "/etc/kubernetes/ssl/kube-node-key.pem");
    assertThat(Kubeconfig.parse(component.yaml())).isEqualTo(component);
    assertThat(component.yaml()).as("file paths, no inline data").contains("certificate-authority: /etc/kubernetes")
        .doesNotContain("-data");
  }

  @Test
  void theAdminKubeconfigCarriesItsCertificatesInlineAsKubectlExpects() {
    assertThat(admin.yaml()).startsWith("apiVersion: v1\nkind: Config\nclusters:\n")
        .contains("current-context: prod", "server: https://10.0.0.1:6443");
    assertThat(new String(Base64.getDecoder().decode(admin.user().clientKeyData()), StandardCharsets.US_ASCII))
        .isEqualTo("KEY PEM");
    assertThat(admin.cluster().certificateAuthorityData()).isEqualTo(Base64.getEncoder()
        .encodeToString("CA PEM".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void withServerChangesOnlyTheServer() {
    Kubeconfig throughLb = admin.withServer(URI.create("https://192.168.0.10:6443"));
    assertThat(throughLb.cluster().server()).isEqualTo("https://192.168.0.10:6443");
    assertThat(throughLb.user()).isEqualTo(admin.user());
    assertThat(throughLb.cluster().certificateAuthorityData()).isEqualTo(admin.cluster().certificateAuthorityData());
  }

  @Test
  void aKubeconfigWrittenElsewhereIsReadForItsCurrentContextIgnoringUnknownKeys() {
    Kubeconfig other = Kubeconfig.parse("""
        apiVersion: v1
        kind: Config
        preferences: {}
        clusters:
        - {name: a, cluster: {server: "https://a:6443"}}
        - {name: b, cluster: {server: "https://b:6443", insecure-skip-tls-verify: true}}
        contexts:
        - {name: ca, context: {cluster: a, user: ua}}
        - {name: cb, context: {cluster: b, user: ub, namespace: kube-system}}
        current-context: cb
        users:
        - {name: ua, user: {token: t}}
        - {name: ub, user: {client-certificate: ub.pem, client-key: ub-key.pem}}
        """);
    assertThat(other.cluster().server()).isEqualTo("https://b:6443");
    assertThat(other.user().clientCertificate()).isEqualTo("ub.pem");
    assertThat(catchThrowable(() -> Kubeconfig.parse("clusters: 3"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a kubeconfig");
  }
}
