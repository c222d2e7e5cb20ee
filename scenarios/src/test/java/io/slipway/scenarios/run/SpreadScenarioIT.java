package io.slipway.scenarios.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every scenario under {@code scenarios/spread} on the two Docker engines they name, which
 * {@code bin/engines up 2} starts in network namespaces of this machine (root only) and joins
 * nothing else: each must pass as the suite's do, and leave no container on either engine.
 */
class SpreadScenarioIT {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path ENGINES = Path.of("/var/lib/slipway/engines");

  @BeforeAll
  static void startEngines() throws Exception {
    assertThat(run("bin/engines", "up", "2")).as("bin/engines up 2").contains("tcp://10.254.0.12:2376");
  }

  @AfterAll
  static void stopEngines() throws Exception {
    run("bin/engines", "down");
  }

  @TestFactory
  Stream<DynamicTest> everySpreadScenarioPasses() throws Exception {
    List<Path> files;
    try (Stream<Path> listing = Files.list(Path.of("spread"))) {
      files = listing.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).as("scenario files to run").isNotEmpty();
    return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
      ScenarioSuiteIT.passes(file);
      for (int engine = 1; engine <= 2; engine++) {
        assertThat(fleetContainers(engine)).as("containers left on engine-%d", engine).isEmpty();
      }
    }));
  }

  /** The fleets' containers on engine {@code number}, asked over its own socket. */
  private static List<String> fleetContainers(int number) throws Exception {
    return run("docker", "-H", "unix://" + ENGINES.resolve(Integer.toString(number)).resolve("docker.sock"), "ps", "-a",
        "--filter", "label=slipway.fleet", "--format", "{{.Names}}").lines().filter(l -> !l.isBlank()).toList();
  }

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(String.join(" ", command) + " exit code; it printed:\n" + output).isZero();
    return output;
  }
}
