package io.slipway.engine.host;

/**
 * The shell command that writes a file on a host atomically: its folder made (0700 when new), a
 * temporary file of a fresh name beside it ({@code mktemp}: created exclusively, never through a
 * symlink someone left), the content, the mode, fsync, then a rename over the file (which
 * replaces a symlink there rather than following it), and the folder synced; on any failure the
 * temporary file is removed and the command exits non-zero.
 */
final class WriteCommand {

  private WriteCommand() {
  }

  /** Writes what {@code source} prints (e.g. {@code cat}, reading the session's input) to {@code path}. */
  static String of(String path, int mode, String source) {
    String file = quote(path);
    return "umask 077 && d=\"$(dirname " + file + ")\" && mkdir -p \"$d\" && t=\"$(mktemp \"$d/.slipway.XXXXXX\")\" && "
        + "{ " + source + " > \"$t\" && chmod " + Integer.toOctalString(mode) + " \"$t\" && { sync \"$t\" 2>/dev/null || "
        + "true; } && mv -f \"$t\" " + file + " && { sync \"$d\" 2>/dev/null || true; }; } || { rm -f \"$t\"; exit 1; }";
  }

  static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
