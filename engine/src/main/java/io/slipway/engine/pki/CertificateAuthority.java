package io.slipway.engine.pki;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority that issues the cluster's certificates. Invariant: its certificate
 * is a CA certificate whose key is {@link #privateKey()}. Time and randomness come from the
 * caller, so issuing is reproducible where the caller needs it.
 */
public final class CertificateAuthority {

  private final IssuedCertificate ca;
  private final KeyType keyType;
  private final Clock clock;
  private final SecureRandom random;

  private CertificateAuthority(IssuedCertificate ca, KeyType keyType, Clock clock, SecureRandom random) {
    this.ca = ca;
    this.keyType = keyType;
    this.clock = clock;
    this.random = random;
  }

  /** A new self-signed CA named {@code commonName} (RKE's is {@code kube-ca}), valid ten years. */
  public static CertificateAuthority create(String commonName, KeyType keyType, Clock clock, SecureRandom random) {
    KeyPair pair = generate(keyType, random);
    X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    Instant now = clock.instant();
    try {
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(random),
          Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(3650))), name, pair.getPublic());
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign
          | KeyUsage.digitalSignature));
      builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(pair.getPublic()));
      X509Certificate certificate = sign(builder, pair.getPrivate(), keyType);
      return new CertificateAuthority(new IssuedCertificate(certificate, pair.getPrivate()), keyType, clock, random);
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot create CA " + commonName, e);
    }
  }

  /** An existing CA, e.g. read back from the cluster state. */
  public static CertificateAuthority of(IssuedCertificate ca, KeyType keyType, Clock clock, SecureRandom random) {
    return new CertificateAuthority(ca, keyType, clock, random);
  }

  public X509Certificate certificate() {
    return ca.certificate();
  }

  public PrivateKey privateKey() {
    return ca.privateKey();
  }

  public IssuedCertificate asIssued() {
    return ca;
  }

  /** Issues a certificate with a fresh key pair of this CA's key type. */
  public IssuedCertificate issue(CertificateRequest request) {
    KeyPair pair = generate(keyType, random);
    X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
    request.organizations().forEach(o -> subject.addRDN(BCStyle.O, o));
    subject.addRDN(BCStyle.CN, request.commonName());
    Instant now = clock.instant();
    try {
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), serial(random),
          Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(request.validity())), subject.build(),
          pair.getPublic());
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      List<KeyPurposeId> purposes = new ArrayList<>();
      if (request.usages().contains(Usage.SERVER)) {
        purposes.add(KeyPurposeId.id_kp_serverAuth);
      }
      if (request.usages().contains(Usage.CLIENT)) {
        purposes.add(KeyPurposeId.id_kp_clientAuth);
      }
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)));
      builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(ca.certificate()));
      List<GeneralName> names = new ArrayList<>();
      request.dnsNames().forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
      for (String ip : request.ipAddresses()) {
        names.add(new GeneralName(GeneralName.iPAddress, ipLiteral(ip)));
      }
      if (!names.isEmpty()) {
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
      }
      return new IssuedCertificate(sign(builder, ca.privateKey(), keyType), pair.getPrivate());
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot issue a certificate for " + request.commonName(), e);
    }
  }

  private static String ipLiteral(String ip) {
    try {
      return InetAddress.getByName(ip).getHostAddress();  // only literals reach here: the validator checked them
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + ip, e);
    }
  }

  static KeyPair generate(KeyType type, SecureRandom random) {
    try {
      return switch (type) {
        case RSA_2048 -> {
          KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
          g.initialize(2048, random);
          yield g.generateKeyPair();
        }
        case ECDSA_P256 -> {
          KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
          g.initialize(new ECGenParameterSpec("secp256r1"), random);
          yield g.generateKeyPair();
        }
      };
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot generate " + type + " keys", e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key, KeyType type)
      throws GeneralSecurityException {
    try {
      String algorithm = type == KeyType.RSA_2048 ? "SHA256withRSA" : "SHA256withECDSA";
      return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(algorithm)
          .build(key)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static BigInteger serial(SecureRandom random) {
    return new BigInteger(128, random).abs().add(BigInteger.ONE);
  }
}
