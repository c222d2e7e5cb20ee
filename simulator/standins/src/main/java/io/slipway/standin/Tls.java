package io.slipway.standin;

import io.slipway.engine.pki.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

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
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", Pem.readCertificate(Files.readString(ca)));
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      KeyManagerFactory kmf = null;
      if (cert != null && key != null) {
        KeyStore identity = KeyStore.getInstance("PKCS12");
        identity.load(null, null);
        X509Certificate certificate = Pem.readCertificate(Files.readString(cert));
        PrivateKey privateKey = Pem.readPrivateKey(Files.readString(key));
        identity.setKeyEntry("identity", privateKey, NO_PASSWORD, new X509Certificate[] {certificate});
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(identity, NO_PASSWORD);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read TLS files", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("unusable TLS files " + ca + ", " + cert + ", " + key + ": " + e.getMessage(), e);
    }
  }
}
