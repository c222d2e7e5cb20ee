package io.slipway.engine.host;

import io.slipway.engine.Sha256;

/**
 * The shell command that writes a file on a host atomically: its folder made (0700 when new), a
 * temporary file of a fresh name beside it ({@code mktemp}: created exclusively, never through a
 * symlink someone left), the content, its SHA-256 compared with what was meant to arrive, the
 * mode, fsync, then a rename over the file (which replaces a symlink there rather than following
 * it), and the folder synced; on any failure the temporary file is removed and the command exits
 * non-zero. The comparison matters when the writer dies: a connection dropped mid-upload ends
 * the remote standard input early, which {@code cat} takes for the end of the content, and
 * without it the shorter file would be renamed into place. Hang-ups and broken pipes are ignored
 * for the same reason: the shell must live on to remove the temporary file after the session's
 * output is gone, rather than die on its first word of error.
 */
final class WriteCommand {

  private WriteCommand() {
  }

  /**
   * Writes what {@code source} prints (e.g. {@code cat}, reading the session's input) to {@code
   * path}, provided it is {@code content} to the byte.
   */
  static String of(String path, int mode, String source, byte[] content) {
    String file = quote(path);
    return "trap '' HUP PIPE; umask 077 && d=\"$(dirname " + file + ")\" && mkdir -p \"$d\" && t=\"$(mktemp \"$d/.slipway.XXXXXX\")\" && "
        + "{ " + source + " > \"$t\" && { [ \"$(sha256sum < \"$t\" | cut -c1-64)\" = " + Sha256.hex(content)
        + " ] || { echo \"incomplete: the content that arrived is not what was sent\" >&2; false; }; } && chmod " + Integer.toOctalString(mode) + " \"$t\" && { sync \"$t\" 2>/dev/null || "
        + "true; } && mv -f \"$t\" " + file + " && { sync \"$d\" 2>/dev/null || true; }; } || { rm -f \"$t\"; exit 1; }";
  }

  static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
