package io.slipway.standin;

import io.slipway.engine.pki.IssuedCertificate;
import io.slipway.engine.pki.Pem;
import io.slipway.engine.pki.TlsContexts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;

/** TLS contexts from the PEM files the real components are given by flag. */
public final class Tls {

  private static final char[] NO_PASSWORD = new char[0];

  private Tls() {
  }

  /**
   * A context that presents {@code cert}/{@code key} (when given) and trusts only {@code ca}.
   */
  public static SSLContext context(Path ca, Path cert, Path key) {
    try {
      IssuedCertificate identity = cert != null && key != null ? new IssuedCertificate(
          Pem.readCertificate(Files.readString(cert)), Pem.readPrivateKey(Files.readString(key))) : null;
      return TlsContexts.verifying(Pem.readCertificate(Files.readString(ca)), identity);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read TLS files", e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("unusable TLS files " + ca + ", " + cert + ", " + key + ": " + e.getMessage(), e);
    }
  }

}
