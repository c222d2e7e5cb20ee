package io.slipway.engine.host;

import io.slipway.engine.AtomicFiles;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * known_hosts verification (sshj's OpenSSH format) that remembers why a key was refused, so the
 * error can say "unknown" or "changed"; with {@link HostKeyPolicy#TRUST_ON_FIRST_USE} an unknown
 * host's key is added to the file instead, and said with its SHA-256 fingerprint. Additions
 * from connections made in parallel (each holds its own verifier) go through one lock that reads
 * the file as it is now, so no entry is lost, and each rewrite is atomic.
 */
final class KnownHosts extends OpenSSHKnownHosts {

  private static final Logger LOG = LoggerFactory.getLogger(KnownHosts.class);
  private static final Object FILE_LOCK = new Object();

  private final Path path;
  private final HostKeyPolicy policy;
  private volatile SshException.Kind refusal;

  KnownHosts(File file, HostKeyPolicy policy) throws IOException {
    super(file);
    this.path = file.toPath();
    this.policy = policy;
  }

  SshException.Kind refusal() {
    return refusal;
  }

  @Override
  protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
    if (policy == HostKeyPolicy.TRUST_ON_FIRST_USE) {
      try {
        KeyType type = KeyType.fromKey(key);
        add(path, new HostEntry(null, hostname, type, key).getLine());
        LOG.warn("{}: host key not in {}; trusted on first use (--ssh-trust-on-first-use) and added: {} {}", hostname,
            path, type, fingerprint(key));
        return true;
      } catch (IOException | RuntimeException e) {
        refusal = SshException.Kind.OTHER;
        return false;
      }
    }
    refusal = SshException.Kind.HOST_KEY_UNKNOWN;
    return false;
  }

  @Override
  protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
    refusal = SshException.Kind.HOST_KEY_CHANGED;
    return false;
  }

  /** Adds {@code line} to the file as it is now, unless it is there; atomically, keeping the file's mode. */
  static void add(Path file, String line) throws IOException {
    synchronized (FILE_LOCK) {
      List<String> lines = Files.exists(file) ? new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8))
          : new ArrayList<>();
      if (lines.contains(line)) {
        return;
      }
      lines.add(line);
      String mode = Files.exists(file) ? PosixFilePermissions.toString(Files.getPosixFilePermissions(file))
          : "rw-------";
      AtomicFiles.write(file, String.join("\n", lines) + "\n", mode);
    }
  }

  /** OpenSSH's fingerprint of a key: {@code SHA256:} and the base64 of the key blob's hash. */
  static String fingerprint(PublicKey key) {
    try {
      byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
          .digest(blob));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
