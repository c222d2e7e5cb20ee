package io.slipway.scenarios.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.reports.RunFolder;
import io.slipway.reports.history.Verdict;
import io.slipway.scenarios.check.Rejudge;
import io.slipway.scenarios.load.ScenarioLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every scenario under {@code scenarios/suite} on a fleet of its own, as {@code slipway
 * rehearse} does; each must pass, and judging its stored history again must give the same
 * verdicts. {@code -Dslipway.scenarios=02,05} runs only the files whose names start with one of
 * those prefixes. Run folders go to {@code target/scenario-runs}.
 */
class ScenarioSuiteIT {

  @TestFactory
  Stream<DynamicTest> everyShippedScenarioPasses() throws Exception {
    List<String> only = List.of(System.getProperty("slipway.scenarios", "").split(",")).stream()
        .filter(s -> !s.isBlank()).toList();
    List<Path> files;
    try (Stream<Path> listing = Files.list(Path.of("suite"))) {
      files = listing.filter(p -> p.toString().endsWith(".yaml"))
          .filter(p -> only.isEmpty() || only.stream().anyMatch(p.getFileName().toString()::startsWith)).sorted().toList();
    }
    assertThat(files).as("scenario files to run").isNotEmpty();
    return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> passes(file)));
  }

  /** Rehearses {@code file}, which must pass and be judged the same again from its stored history alone. */
  static Rehearsal.Result passes(Path file) throws Exception {
    Rehearsal.Result result = Rehearsal.run(ScenarioLoader.load(file),
        new Rehearsal.Options(Path.of("target", "scenario-runs"), false, System.out));
    System.out.printf("MEASURED scenario %s: %s in %.0f s%n", result.scenario().name(), result.verdict().key(),
        result.took().toMillis() / 1000.0);
    assertThat(result.verdict()).as("%s", Files.readString(result.runDir().resolve("summary.md")))
        .isEqualTo(Verdict.PASS);
    List<Rejudge.Row> again = Rejudge.of(RunFolder.read(result.runDir()));
    assertThat(again).as("judged again from the stored history alone").allMatch(Rejudge.Row::same)
        .anyMatch(row -> row.again().isPresent());
    return result;
  }
}
