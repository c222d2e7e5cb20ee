package io.slipway.engine.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The identity a context presents, over real handshakes in both directions: the server's
 * certificate to a client that verifies it, and the client's to a server that requires one and
 * names whom it saw, for either key type, in TLS 1.3 and 1.2.
 */
class TlsContextsIdentityTest {

  @ParameterizedTest
  @CsvSource({"ECDSA_P256, TLSv1.3", "ECDSA_P256, TLSv1.2", "RSA_2048, TLSv1.3", "RSA_2048, TLSv1.2"})
  void bothSidesPresentTheirCertificates(KeyType keyType, String protocol) throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("test-ca", keyType, Clock.systemUTC(), new SecureRandom());
    IssuedCertificate server = ca.issue(CertificateRequest.server("localhost", List.of("localhost"),
        List.of("127.0.0.1")));
    IssuedCertificate client = ca.issue(CertificateRequest.client("kube-admin", "system:masters"));
    SSLContext serving = TlsContexts.verifying(ca.certificate(), server);
    SSLContext calling = TlsContexts.verifying(ca.certificate(), client);
    try (SSLServerSocket listener = (SSLServerSocket) serving.getServerSocketFactory()
        .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      listener.setNeedClientAuth(true);
      listener.setEnabledProtocols(new String[] {protocol});
      CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
        try (var accepted = (SSLSocket) listener.accept(); OutputStream out = accepted.getOutputStream()) {
          accepted.startHandshake();
          out.write(accepted.getSession().getPeerPrincipal().getName().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });
      try (SSLSocket socket = (SSLSocket) calling.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
          listener.getLocalPort()); InputStream in = socket.getInputStream()) {
        socket.setEnabledProtocols(new String[] {protocol});
        socket.startHandshake();
        assertThat(socket.getSession().getPeerPrincipal().getName()).contains("CN=localhost");
        assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("CN=kube-admin")
            .contains("O=system:masters");
      } finally {
        served.get();
      }
    }
  }
}
