package io.slipway.standin;

import io.slipway.engine.pki.CertificateAuthority;
import io.slipway.engine.pki.CertificateRequest;
import io.slipway.engine.pki.IssuedCertificate;
import io.slipway.engine.pki.KeyType;
import io.slipway.engine.pki.Pem;
import io.slipway.engine.pki.TlsContexts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
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
      return TlsContexts.verifying(certificate(ca), cert != null && key != null ? identity(cert, key) : null,
          NodeClock.get());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("unusable TLS files " + ca + ", " + cert + ", " + key + ": " + e.getMessage(), e);
    }
  }

  /** The certificate and private key in two PEM files, as the components are given them by flag. */
  public static IssuedCertificate identity(Path cert, Path key) {
    try {
      return new IssuedCertificate(Pem.readCertificate(Files.readString(cert)), Pem.readPrivateKey(Files.readString(key)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + cert + " or " + key, e);
    }
  }

  /** The certificate in a PEM file (a CA). */
  public static X509Certificate certificate(Path file) {
    try {
      return Pem.readCertificate(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * A serving certificate for {@code name} at {@code dnsNames} and {@code ips}, signed by a CA
   * made for it alone: what the real components serve their secure ports with when given none.
   */
  public static IssuedCertificate selfSigned(String name, List<String> dnsNames, List<String> ips) {
    CertificateAuthority ca = CertificateAuthority.create(name + "-ca@" + NodeClock.get().instant().getEpochSecond(),
        KeyType.ECDSA_P256, NodeClock.get(), new SecureRandom());
    return ca.issue(CertificateRequest.server(name, dnsNames, ips));
  }

}
