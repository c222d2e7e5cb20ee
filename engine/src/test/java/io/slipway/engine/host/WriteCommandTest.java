package io.slipway.engine.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The write command as a host's shell runs it (here the local sh), fed as an SSH session feeds it. */
class WriteCommandTest {

  private static final byte[] CONTENT = ("-----BEGIN CERTIFICATE-----\n" + "A".repeat(4000)
      + "\n-----END CERTIFICATE-----\n").getBytes(StandardCharsets.US_ASCII);

  @TempDir
  Path dir;

  @Test
  void theWholeContentLandsWithItsMode() throws Exception {
    Path target = dir.resolve("ssl/kube-apiserver.pem");
    assertThat(run(target, CONTENT)).isZero();
    assertThat(Files.readAllBytes(target)).isEqualTo(CONTENT);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
    assertThat(leftovers(target)).isEmpty();
  }

  @Test
  void inputEndingEarlyAsADroppedConnectionEndsItLeavesTheOldFileAndNoTemporary() throws Exception {
    Path target = dir.resolve("ssl/kube-apiserver.pem");
    Files.createDirectories(target.getParent());
    Files.writeString(target, "the old certificate\n");
    assertThat(run(target, Arrays.copyOf(CONTENT, CONTENT.length / 2), true)).isNotZero();
    assertThat(Files.readString(target)).isEqualTo("the old certificate\n");
    assertThat(leftovers(target)).isEmpty();
  }

  @Test
  void aSymlinkInPlaceOfTheFileIsReplacedNotFollowed() throws Exception {
    Path elsewhere = dir.resolve("elsewhere");
    Files.writeString(elsewhere, "untouched");
    Path target = dir.resolve("ssl/kube-apiserver.pem");
    Files.createDirectories(target.getParent());
    Files.createSymbolicLink(target, elsewhere);
    assertThat(run(target, CONTENT)).isZero();
    assertThat(Files.isSymbolicLink(target)).isFalse();
    assertThat(Files.readString(elsewhere)).isEqualTo("untouched");
  }

  private static int run(Path target, byte[] sent) throws IOException, InterruptedException {
    return run(target, sent, false);
  }

  /**
   * Runs the command with {@code sent} on its standard input, closed after, as an SSH session's;
   * {@code hungUp}: its error output already closed, as when the writer's connection is gone.
   */
  private static int run(Path target, byte[] sent, boolean hungUp) throws IOException, InterruptedException {
    Process shell = new ProcessBuilder("sh", "-c", WriteCommand.of(target.toString(), 0600, "cat", CONTENT)).start();
    if (hungUp) {
      shell.getErrorStream().close();
    }
    try (OutputStream in = shell.getOutputStream()) {
      in.write(sent);
    }
    assertThat(shell.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return shell.exitValue();
  }

  private static List<Path> leftovers(Path target) throws IOException {
    try (var files = Files.list(target.getParent())) {
      return files.filter(f -> f.getFileName().toString().startsWith(".slipway.")).toList();
    }
  }
}
