package io.slipway.engine.pki;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A short, stable name for a set of certificates: SHA-256 over their names and serial numbers. */
public final class Fingerprint {

  private Fingerprint() {
  }

  public static String of(ClusterCertificates certificates) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      certificates.byName().forEach((name, cert) -> {
        sha.update(name.getBytes(StandardCharsets.UTF_8));
        sha.update(cert.certificate().getSerialNumber().toByteArray());
      });
      return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
