package io.slipway.engine.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** A client whose clock is off judges the server's certificate by its own clock, over a real handshake. */
class TlsContextsClockTest {

  private static final Instant NOW = Instant.now();
  private final CertificateAuthority ca = CertificateAuthority.create("test-ca", KeyType.ECDSA_P256,
      Clock.fixed(NOW, ZoneOffset.UTC), new SecureRandom());
  private final IssuedCertificate server = ca.issue(CertificateRequest.server("localhost", List.of("localhost"),
      List.of("127.0.0.1")));

  @Test
  void aClientWhoseClockIsRightCompletesTheHandshake() throws Exception {
    assertThat(handshake(Clock.systemUTC())).isEqualTo(42);
  }

  @Test
  void aClientTwoHoursBehindFindsTheCertificateNotValidYet() {
    // certificates are back-dated by an hour: two hours behind is before they were valid
    Clock behind = Clock.offset(Clock.systemUTC(), Duration.ofHours(-2));
    assertThatThrownBy(() -> handshake(behind)).isInstanceOf(SSLHandshakeException.class)
        .hasStackTraceContaining("at this component's clock");
  }

  @Test
  void aClientElevenYearsAheadFindsTheCertificateExpired() {
    Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofDays(11 * 365));
    assertThatThrownBy(() -> handshake(ahead)).isInstanceOf(SSLHandshakeException.class)
        .hasStackTraceContaining("at this component's clock");
  }

  /** One byte from a server presenting {@link #server}, read by a client verifying it at {@code clock}. */
  private int handshake(Clock clock) throws Exception {
    SSLContext serving = TlsContexts.serving(server);
    SSLContext client = TlsContexts.verifying(ca.certificate(), null, clock);
    try (SSLServerSocket listener = (SSLServerSocket) serving.getServerSocketFactory()
        .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
        try (var accepted = listener.accept(); OutputStream out = accepted.getOutputStream()) {
          out.write(42);
          out.flush();
        } catch (IOException handshakeRefused) {
          // the client gave up: its side reports why
        }
      });
      try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
          listener.getLocalPort()); InputStream in = socket.getInputStream()) {
        socket.startHandshake();
        return in.read();
      } finally {
        served.get();
      }
    }
  }
}
