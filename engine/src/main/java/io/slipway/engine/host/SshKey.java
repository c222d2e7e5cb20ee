package io.slipway.engine.host;

import java.io.IOException;
import java.nio.file.Path;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;

/**
 * The private key a host is logged in with: a key file, or a key written inline in cluster.yml
 * ({@code ssh_key}, as RKE allows). Neither form ever prints the key itself.
 */
public sealed interface SshKey {

  /** How messages name the key: its path, or where it was written. */
  String describe();

  KeyProvider load(SSHClient ssh) throws IOException;

  /** A key file such as {@code ~/.ssh/id_rsa} (already expanded). */
  record File(Path path) implements SshKey {
    @Override
    public String describe() {
      return "key " + path;
    }

    @Override
    public KeyProvider load(SSHClient ssh) throws IOException {
      return ssh.loadKeys(path.toString());
    }
  }

  /** A key's PEM or OpenSSH text, written inline; {@code where} names the key that held it. */
  record Inline(String text, String where) implements SshKey {
    @Override
    public String describe() {
      return "the key written inline in " + where;
    }

    @Override
    public KeyProvider load(SSHClient ssh) throws IOException {
      return ssh.loadKeys(text, null, null);
    }

    @Override
    public String toString() {
      return "Inline[" + where + "]";
    }
  }
}
