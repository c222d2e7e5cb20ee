package io.slipway.engine.host;

import com.hierynomus.sshj.userauth.keyprovider.OpenSSHKeyFileUtil;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.regex.Pattern;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;

/**
 * The private key a host is logged in with: a key file, or a key written inline in cluster.yml
 * ({@code ssh_key}, as RKE allows), optionally with an OpenSSH user certificate of that key
 * ({@code ssh_cert} / {@code ssh_cert_path}). No form ever prints the key or the certificate.
 */
public sealed interface SshKey {

  /** How messages name the key: its path, or where it was written. */
  String describe();

  KeyProvider load(SSHClient ssh) throws IOException;

  /** This key, offered with {@code certificate} instead of its bare public key. */
  default SshKey certifiedBy(Certificate certificate) {
    return new Certified(this, certificate);
  }

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

  /**
   * A key with its user certificate: the server checks the certificate against the CAs it trusts
   * ({@code TrustedUserCAKeys}), so the key need not be in any authorized_keys, as with RKE's
   * {@code ssh.NewCertSigner}.
   */
  record Certified(SshKey key, Certificate certificate) implements SshKey {
    @Override
    public String describe() {
      return key.describe() + " and " + certificate.describe();
    }

    @Override
    public KeyProvider load(SSHClient ssh) throws IOException {
      // sshj ignores a public key given as text for OpenSSH-format private keys, so the pair is made here
      KeyProvider privateKey = key.load(ssh);
      OpenSSHKeyFileUtil.ParsedPubKey parsed = OpenSSHKeyFileUtil.initPubKey(new StringReader(certificate.text()));
      if (!Arrays.equals(bare(parsed.getPubKey()).getEncoded(), bare(privateKey.getPublic()).getEncoded())) {
        throw new IOException(certificate.describe() + " certifies another key than " + key.describe());
      }
      return new KeyProvider() {
        @Override
        public PrivateKey getPrivate() throws IOException {
          return privateKey.getPrivate();
        }

        @Override
        public PublicKey getPublic() {
          return parsed.getPubKey();
        }

        @Override
        public KeyType getType() {
          return parsed.getType();
        }
      };
    }
  }

  /** The key a certificate certifies, or the key itself. */
  private static PublicKey bare(PublicKey key) {
    return key instanceof com.hierynomus.sshj.userauth.certificate.Certificate<?> signed ? signed.getKey() : key;
  }

  /** An OpenSSH user certificate ({@code ssh-ed25519-cert-v01@openssh.com AAAA…}), in a file or inline. */
  record Certificate(Path path, String inline, String where) {

    private static final Pattern FORM = Pattern.compile("\\s*[a-z0-9-]+-cert-v01@openssh\\.com\\s+[A-Za-z0-9+/=]+(\\s.*)?",
        Pattern.DOTALL);

    public static Certificate file(Path path) {
      return new Certificate(path, null, null);
    }

    public static Certificate inline(String text, String where) {
      return new Certificate(null, text, where);
    }

    String describe() {
      return path != null ? "certificate " + path : "the certificate written inline in " + where;
    }

    String text() throws IOException {
      String text = path != null ? read(path, "certificate") : inline;
      if (!FORM.matcher(text).matches()) {
        throw new IOException(describe() + " is not an OpenSSH certificate (a line such as "
            + "\"ssh-ed25519-cert-v01@openssh.com AAAA…\", as ssh-keygen -s writes it)");
      }
      return text.strip();
    }

    @Override
    public String toString() {
      return path != null ? "Certificate[" + path + "]" : "Certificate[" + where + "]";
    }
  }

  private static String read(Path path, String what) throws IOException {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IOException("no " + what + " file at " + path, e);
    }
  }
}
