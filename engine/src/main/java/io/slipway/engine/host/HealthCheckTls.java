package io.slipway.engine.host;

import io.slipway.engine.pki.IssuedCertificate;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS for health checks: presents a cluster client certificate and, as RKE's checks do
 * (InsecureSkipVerify), does not verify the server: the check runs through the host's own SSH
 * connection to its own port, and only asks whether the component answers.
 */
public final class HealthCheckTls {

  private HealthCheckTls() {
  }

  public static SSLContext presenting(IssuedCertificate client) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers(client), new TrustManager[] {new AnswersOnly()}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the health-check TLS context", e);
    }
  }

  /** Key managers that present {@code client} (certificate and key) to servers asking for one. */
  public static javax.net.ssl.KeyManager[] keyManagers(IssuedCertificate client) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("client", client.privateKey(), new char[0], new X509Certificate[] {client.certificate()});
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, new char[0]);
      return kmf.getKeyManagers();
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot load the client certificate " + client, e);
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
