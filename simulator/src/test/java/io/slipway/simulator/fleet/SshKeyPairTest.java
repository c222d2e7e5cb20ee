package io.slipway.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.hierynomus.sshj.userauth.keyprovider.OpenSSHKeyV1KeyFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshKeyPairTest {

  @TempDir
  Path dir;

  @Test
  void sshjReadsThePrivateKeyAndItsPublicHalfMatchesTheAuthorizedKeysLine() throws Exception {
    SshKeyPair pair = SshKeyPair.generate("test@slipway", new SecureRandom());
    Path file = dir.resolve("id_ed25519");
    Files.writeString(file, pair.privateKeyPem());

    OpenSSHKeyV1KeyFile keyFile = new OpenSSHKeyV1KeyFile();
    keyFile.init(file.toFile());
    PublicKey publicKey = ((KeyProvider) keyFile).getPublic();
    String encoded = Base64.getEncoder().encodeToString(new Buffer.PlainBuffer().putPublicKey(publicKey).getCompactData());

    assertThat(pair.publicKeyLine()).isEqualTo("ssh-ed25519 " + encoded + " test@slipway");
    assertThat(pair.publicKey()).isEqualTo("ssh-ed25519 " + encoded);
    assertThat(pair.toString()).as("toString never shows the private key").doesNotContain("PRIVATE");
  }
}
