package io.slipway.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of malformed cluster.yml files: each names, in its first line, the line:column,
 * key path and message (up to its hint) of a problem it must produce.
 */
class ValidatorCorpusTest {

  private static final Path CORPUS = Path.of("src/test/resources/cluster-files/bad");

  static Stream<Path> malformedFiles() throws IOException {
    return Files.list(CORPUS).filter(p -> p.toString().endsWith(".yml")).sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedFiles")
  void aMalformedClusterFileIsRefusedWithTheProblemAtItsPosition(Path file) throws IOException {
    String expectation = Files.readAllLines(file).get(0).replaceFirst("^# expect: ", "");
    String position = expectation.substring(0, expectation.indexOf(' '));
    String rest = expectation.substring(expectation.indexOf(' ') + 1);
    String path = rest.substring(0, rest.indexOf(": "));
    String message = rest.substring(rest.indexOf(": ") + 2);

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file, Strictness.LENIENT));

    assertThat(e).as("%s is refused", file.getFileName()).isNotNull();
    assertThat(e.problems()).as("problems of %s", file.getFileName()).anySatisfy(problem -> {
      assertThat(problem.isError()).isTrue();
      assertThat(problem.line() + ":" + problem.column()).as("line:column").isEqualTo(position);
      assertThat(problem.path()).as("key path").isEqualTo(path);
      assertThat(problem.message()).as("message").startsWith(message);
    });
  }

  @org.junit.jupiter.api.Test
  void theCorpusHasAtLeastFortyFiles() throws IOException {
    assertThat(malformedFiles().count()).isGreaterThanOrEqualTo(40);
  }
}
