package io.slipway.engine.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trust on first use from connections made in parallel: every key kept, the file's mode kept, keys shown as OpenSSH does. */
class KnownHostsTest {

  @TempDir
  Path dir;

  @Test
  void keysAddedFromParallelConnectionsAreAllKept() throws Exception {
    Path file = dir.resolve("known_hosts");
    Files.writeString(file, "existing.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEXAMPLE\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    List<CompletableFuture<Void>> adds = new ArrayList<>();
    IntStream.range(0, 16).forEach(i -> adds.add(CompletableFuture.runAsync(() -> {
      try {
        KnownHosts.add(file, "[10.0.0." + i + "]:22 ssh-ed25519 AAAAKEY" + i);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    })));
    adds.forEach(CompletableFuture::join);
    KnownHosts.add(file, "[10.0.0.3]:22 ssh-ed25519 AAAAKEY3");  // already there: not twice

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(17).startsWith("existing.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEXAMPLE")
        .contains("[10.0.0.0]:22 ssh-ed25519 AAAAKEY0", "[10.0.0.15]:22 ssh-ed25519 AAAAKEY15");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
    try (var leftovers = Files.list(dir)) {
      assertThat(leftovers).as("no temporary file left").containsExactly(file);
    }
  }

  @Test
  void aKeyIsShownByItsSha256FingerprintAsOpenSshShowsIt() throws Exception {
    var key = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic();
    assertThat(KnownHosts.fingerprint(key)).matches("SHA256:[A-Za-z0-9+/]{43}");
  }
}
