package io.slipway.engine.config;

import java.util.Comparator;
import java.util.Objects;

/**
 * One thing wrong (or doubtful) in an input file, located at a line and column (1-based)
 * and a key path such as {@code nodes[2].role[0]}.
 */
public record Problem(Severity severity, String file, int line, int column, String path, String message) {

  /** Order in which problems are listed: by file, then position. */
  public static final Comparator<Problem> BY_POSITION =
      Comparator.comparing(Problem::file).thenComparingInt(Problem::line).thenComparingInt(Problem::column)
          .thenComparing(Problem::path).thenComparing(Problem::message);

  /** How much a problem matters: errors stop the run, warnings are printed. */
  public enum Severity { ERROR, WARNING }

  public Problem {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  public static Problem error(Location at, String path, String message) {
    return new Problem(Severity.ERROR, at.file(), at.line(), at.column(), path, message);
  }

  public static Problem warning(Location at, String path, String message) {
    return new Problem(Severity.WARNING, at.file(), at.line(), at.column(), path, message);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** {@code file:line:col path}, the prefix every message is printed with. */
  public String where() {
    String position = line > 0 ? file + ":" + line + ":" + column : file;
    return path.isEmpty() ? position : position + " " + path;
  }

  @Override
  public String toString() {
    String position = line > 0 ? file + ":" + line + ":" + column : file;
    String prefix = severity == Severity.WARNING ? "warning: " : "";
    return position + ": " + (path.isEmpty() ? "" : path + ": ") + prefix + message;
  }
}
