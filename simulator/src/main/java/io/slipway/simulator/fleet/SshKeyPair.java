package io.slipway.simulator.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;

/**
 * An Ed25519 key pair in OpenSSH encodings: the private key as an
 * {@code OPENSSH PRIVATE KEY} PEM block, the public key as an {@code authorized_keys} line.
 * Used both for the user key that logs in and for each node's host key.
 */
public record SshKeyPair(String privateKeyPem, String publicKeyLine) {

  /** Generates a fresh pair; {@code comment} ends the public key line. */
  public static SshKeyPair generate(String comment, SecureRandom random) {
    Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
    generator.init(new Ed25519KeyGenerationParameters(random));
    AsymmetricCipherKeyPair pair = generator.generateKeyPair();
    byte[] privateBlob;
    byte[] publicBlob;
    try {
      privateBlob = OpenSSHPrivateKeyUtil.encodePrivateKey(pair.getPrivate());
      publicBlob = OpenSSHPublicKeyUtil.encodePublicKey(pair.getPublic());
    } catch (IOException e) {
      throw new UncheckedIOException("encoding a freshly generated Ed25519 key failed", e);
    }
    String pem = "-----BEGIN OPENSSH PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(70, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(privateBlob)
        + "\n-----END OPENSSH PRIVATE KEY-----\n";
    return new SshKeyPair(pem, "ssh-ed25519 " + Base64.getEncoder().encodeToString(publicBlob) + " " + comment);
  }

  /** {@code ssh-ed25519 AAAA…} without the comment, as a known_hosts entry needs it. */
  public String publicKey() {
    int second = publicKeyLine.indexOf(' ', publicKeyLine.indexOf(' ') + 1);
    return second < 0 ? publicKeyLine : publicKeyLine.substring(0, second);
  }

  @Override
  public String toString() {
    return "SshKeyPair[" + publicKeyLine + "]";  // never the private key
  }
}
