package io.slipway.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file so that a reader, or a crash, sees the old content or the new, never half:
 * temporary file in the same folder (created with its final mode), fsync, atomic rename, fsync
 * of the folder.
 */
public final class AtomicFiles {

  private AtomicFiles() {
  }

  /** Writes {@code content} with mode 0600 (keys, state, kubeconfigs). */
  public static void writeSecret(Path file, String content) {
    write(file, content, "rw-------");
  }

  /**
   * Writes {@code content} with {@code mode}, e.g. {@code rw-r--r--}; the temporary file is
   * deleted should the write fail, and the folder is synced so the rename survives a crash.
   */
  public static void write(Path file, String content, String mode) {
    Path dir = file.toAbsolutePath().getParent();
    Path temp = null;
    try {
      Files.createDirectories(dir);
      temp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
        channel.force(true);
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      temp = null;
      try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
        folder.force(true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          // the write failed already; this is only tidying
        }
      }
    }
  }
}
