package io.slipway.engine.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A certificate and its private key. {@link #toString()} never shows the key. */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey) {

  public String certificatePem() {
    return Pem.encode(certificate);
  }

  public String privateKeyPem() {
    return Pem.encode(privateKey);
  }

  @Override
  public String toString() {
    return "IssuedCertificate[" + certificate.getSubjectX500Principal().getName() + "]";
  }
}
