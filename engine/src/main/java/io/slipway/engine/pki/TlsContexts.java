package io.slipway.engine.pki;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Every TLS context Slipway makes, from the cluster's certificates: a client that verifies the
 * server against the cluster CA (the probes, the stand-ins), a server presenting its
 * certificate, and the health checks' client, which presents a certificate but, as RKE's checks
 * do (InsecureSkipVerify), does not verify the server: those checks run through the host's own
 * SSH connection to its own port, and only ask whether the component answers.
 */
public final class TlsContexts {

  private static final char[] NO_PASSWORD = new char[0];

  private TlsContexts() {
  }

  /** Presents {@code client} (when not null) and trusts servers whose certificate {@code ca} signed. */
  public static SSLContext verifying(X509Certificate ca, IssuedCertificate client) {
    return context(client == null ? null : keyManagers(client), trusting(ca));
  }

  /** Presents {@code serving}, with {@code chain} after it (e.g. its CA), to clients. */
  public static SSLContext serving(IssuedCertificate serving, X509Certificate... chain) {
    return context(keyManagers(serving, chain), null);
  }

  /** Presents {@code client} and accepts any server: for health checks only (see the class comment). */
  public static SSLContext presentingWithoutVerifying(IssuedCertificate client) {
    return context(keyManagers(client), new TrustManager[] {new AnswersOnly()});
  }

  private static SSLContext context(KeyManager[] keys, TrustManager[] trust) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, trust, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a TLS context", e);
    }
  }

  private static KeyManager[] keyManagers(IssuedCertificate identity, X509Certificate... chain) {
    try {
      X509Certificate[] certificates = new X509Certificate[chain.length + 1];
      certificates[0] = identity.certificate();
      System.arraycopy(chain, 0, certificates, 1, chain.length);
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("identity", identity.privateKey(), NO_PASSWORD, certificates);
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, NO_PASSWORD);
      return kmf.getKeyManagers();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot load the certificate " + identity.certificate().getSubjectX500Principal(), e);
    }
  }

  private static TrustManager[] trusting(X509Certificate ca) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", ca);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      return tmf.getTrustManagers();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot trust the CA " + ca.getSubjectX500Principal(), e);
    }
  }

  /** Accepts any server certificate and skips host-name checks (an extended manager, so JSSE adds none). */
  private static final class AnswersOnly extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
