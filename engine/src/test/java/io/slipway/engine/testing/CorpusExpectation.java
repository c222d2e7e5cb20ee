package io.slipway.engine.testing;

import io.slipway.engine.config.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a file of a malformed-input corpus must produce, read from its first line:
 * {@code # expect: LINE:COLUMN KEY.PATH: message prefix}. Shared by every corpus test.
 */
public record CorpusExpectation(String position, String path, String messagePrefix) {

  public static CorpusExpectation of(Path file) {
    try {
      String line = Files.readAllLines(file).get(0).replaceFirst("^# expect: ", "");
      String position = line.substring(0, line.indexOf(' '));
      String rest = line.substring(line.indexOf(' ') + 1);
      return new CorpusExpectation(position, rest.substring(0, rest.indexOf(": ")), rest.substring(rest.indexOf(": ") + 2));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The files of a corpus folder ending in {@code suffix}, sorted. */
  public static Stream<Path> files(Path folder, String suffix) {
    try (Stream<Path> list = Files.list(folder)) {
      List<Path> files = list.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
      return files.stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether {@code problem} is the expected one. */
  public boolean matches(Problem problem) {
    return problem.isError() && (problem.line() + ":" + problem.column()).equals(position)
        && problem.path().equals(path) && problem.message().startsWith(messagePrefix);
  }
}
