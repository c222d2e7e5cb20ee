package io.slipway.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.slipway.engine.testing.CorpusExpectation;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of malformed cluster.yml files: each names, in its first line, the line:column,
 * key path and message (up to its hint) of a problem it must produce.
 */
class ValidatorCorpusTest {

  private static final Path CORPUS = Path.of("src/test/resources/cluster-files/bad");

  static Stream<Path> malformedFiles() {
    return CorpusExpectation.files(CORPUS, ".yml");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedFiles")
  void aMalformedClusterFileIsRefusedWithTheProblemAtItsPosition(Path file) {
    CorpusExpectation expected = CorpusExpectation.of(file);
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file, Strictness.LENIENT));
    assertThat(e).as("%s is refused", file.getFileName()).isNotNull();
    assertThat(e.problems()).as("%s must report %s", file.getFileName(), expected).anyMatch(expected::matches);
  }

  @Test
  void theCorpusHasAtLeastTwoHundredThirtyFiles() {
    assertThat(malformedFiles().count()).isGreaterThanOrEqualTo(230);
  }
}
