package io.slipway.engine.host;

import java.io.File;
import java.io.IOException;
import java.security.PublicKey;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * known_hosts verification (sshj's OpenSSH format) that remembers why a key was refused, so the
 * error can say "unknown" or "changed"; with {@link HostKeyPolicy#TRUST_ON_FIRST_USE} an unknown
 * host's key is appended to the file instead.
 */
final class KnownHosts extends OpenSSHKnownHosts {

  private final HostKeyPolicy policy;
  private volatile SshException.Kind refusal;

  KnownHosts(File file, HostKeyPolicy policy) throws IOException {
    super(file);
    this.policy = policy;
  }

  SshException.Kind refusal() {
    return refusal;
  }

  @Override
  protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
    if (policy == HostKeyPolicy.TRUST_ON_FIRST_USE) {
      try {
        entries().add(new HostEntry(null, hostname, KeyType.fromKey(key), key));
        write();
        return true;
      } catch (IOException e) {
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
}
