package io.slipway.engine.pki;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathChecker;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Collection;
import java.util.Date;
import java.util.Set;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Every TLS context Slipway makes, from the cluster's certificates: a client that verifies the
 * server against the cluster CA (the probes, the stand-ins), a server presenting its
 * certificate, and the health checks' client, which presents a certificate but, as RKE's checks
 * do (InsecureSkipVerify), does not verify the server: those checks run through the host's own
 * SSH connection to its own port, and only ask whether the component answers.
 */
public final class TlsContexts {

  private TlsContexts() {
  }

  /** Presents {@code client} (when not null) and trusts servers whose certificate {@code ca} signed. */
  public static SSLContext verifying(X509Certificate ca, IssuedCertificate client) {
    return context(client == null ? null : keyManagers(client), trusting(ca));
  }

  /**
   * As {@link #verifying(X509Certificate, IssuedCertificate)}, with certificates also judged
   * valid or not at {@code clock}'s time: a component whose clock is off (the simulator skews
   * stand-ins' clocks) refuses what it would refuse in the real world, e.g. a certificate that
   * is not valid yet.
   */
  public static SSLContext verifying(X509Certificate ca, IssuedCertificate client, Clock clock) {
    return context(client == null ? null : keyManagers(client), trusting(ca, clock));
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
    X509Certificate[] certificates = new X509Certificate[chain.length + 1];
    certificates[0] = identity.certificate();
    System.arraycopy(chain, 0, certificates, 1, chain.length);
    return new KeyManager[] {new Identity(identity.privateKey(), certificates)};
  }

  /**
   * One identity, held as it is: what a PKCS12 store and the JDK's key manager would offer, but
   * without a store, which encrypts the key as it is put in (PBKDF2, ten thousand rounds) and the
   * key manager decrypts it again. A cold JVM took more than a second of CPU for that, and every
   * stand-in component makes such a context as it starts. The key is offered for the handshakes
   * its algorithm can sign (EC or RSA; {@code EC_EC}, {@code EC_RSA} name the key's own first),
   * to any issuer: the peer judges the certificate.
   */
  private static final class Identity extends X509ExtendedKeyManager {
    private static final String ALIAS = "identity";
    private final PrivateKey key;
    private final String algorithm;
    private final X509Certificate[] chain;

    Identity(PrivateKey key, X509Certificate[] chain) {
      this.key = key;
      this.algorithm = key.getAlgorithm().equals("ECDSA") ? "EC" : key.getAlgorithm();
      this.chain = chain;
    }

    private String alias(String... keyTypes) {
      if (keyTypes != null) {
        for (String keyType : keyTypes) {
          if (keyType != null && keyType.split("_")[0].equals(algorithm)) {
            return ALIAS;
          }
        }
      }
      return null;
    }

    private String[] aliases(String keyType) {
      return alias(keyType) == null ? null : new String[] {ALIAS};
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return aliases(keyType);
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
      return alias(keyTypes);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
      return alias(keyTypes);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return aliases(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return alias(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return alias(keyType);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return ALIAS.equals(alias) ? key : null;
    }
  }

  private static TrustManager[] trusting(X509Certificate ca) {
    try {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(anchoredAt(ca));
      return tmf.getTrustManagers();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot trust the CA " + ca.getSubjectX500Principal(), e);
    }
  }

  private static TrustManager[] trusting(X509Certificate ca, Clock clock) {
    try {
      PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchoredAt(ca), new X509CertSelector());
      parameters.setRevocationEnabled(false);
      parameters.addCertPathChecker(new ValidAt(clock));
      TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
      tmf.init(new CertPathTrustManagerParameters(parameters));
      return tmf.getTrustManagers();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot trust the CA " + ca.getSubjectX500Principal(), e);
    }
  }

  /** A trust store holding {@code ca} alone. */
  private static KeyStore anchoredAt(X509Certificate ca) throws GeneralSecurityException, IOException {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    return trust;
  }

  /** Refuses a certificate of the path that is not valid at the clock's time. */
  private static final class ValidAt extends PKIXCertPathChecker {
    private final Clock clock;

    ValidAt(Clock clock) {
      this.clock = clock;
    }

    @Override
    public void init(boolean forward) {
    }

    @Override
    public boolean isForwardCheckingSupported() {
      return true;
    }

    @Override
    public Set<String> getSupportedExtensions() {
      return null;
    }

    @Override
    public void check(Certificate cert, Collection<String> unresolvedCriticalExtensions)
        throws CertPathValidatorException {
      try {
        ((X509Certificate) cert).checkValidity(Date.from(clock.instant()));
      } catch (CertificateException e) {
        throw new CertPathValidatorException(e.getMessage() + " (at this component's clock, " + clock.instant() + ")",
            e);
      }
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
