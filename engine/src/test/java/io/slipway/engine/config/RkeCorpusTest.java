package io.slipway.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.engine.testing.CorpusExpectation;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * cluster.yml files in the shapes RKE's users have them: what {@code rke config} writes (every
 * key, empty strings included), RKE's documented minimal and full examples, the CIS hardening
 * guide's file, files of the v1.13 and v1.18 eras, inline keys. Each loads strictly as RKE
 * accepts it; no key is unknown.
 */
class RkeCorpusTest {

  private static final Path CORPUS = Path.of("src/test/resources/cluster-files/rke");

  static Stream<Path> rkeFiles() {
    return CorpusExpectation.files(CORPUS, ".yml");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rkeFiles")
  void aFileRkeAcceptsLoadsStrictly(Path file) {
    ConfigLoader.Loaded loaded = ConfigLoader.load(file, Strictness.STRICT);
    List<Problem> warnings = loaded.warnings();
    assertThat(warnings).noneMatch(w -> w.message().startsWith("unknown key"));
    assertThat(warnings).as("Slipway says what it leaves undone, and which addon files it cannot read, and nothing else")
        .allMatch(w -> w.message().startsWith("accepted but not acted on: ") || w.message().startsWith("no readable file at "));
  }
}
