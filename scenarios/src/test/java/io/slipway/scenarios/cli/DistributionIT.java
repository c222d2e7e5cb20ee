package io.slipway.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged distribution as bin/slipway runs it ({@code java -jar target/slipway.jar}, its
 * class path from the jar's manifest): every command family loads its classes.
 */
class DistributionIT {

  private static final Path JAR = Path.of("target/slipway.jar");

  private static String[] run(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("TESTCONTAINERS_RYUK_DISABLED", "true");
    builder.environment().put("TESTCONTAINERS_HOST_OVERRIDE", "localhost");
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new String[] {Integer.toString(process.exitValue()), out};
  }

  @Test
  void theJarRunsTheEngineAndFleetCommands() throws Exception {
    String[] validate = run("validate", "-c", "../examples/reference-cluster.yml");
    assertThat(validate[1]).contains("valid; 7 nodes");
    assertThat(validate[0]).isEqualTo("0");
    String[] ls = run("fleet", "ls");
    assertThat(ls[1]).as("fleet ls through the distribution's class path").doesNotContain("NoClassDefFoundError");
    assertThat(ls[0]).isEqualTo("0");
  }
}
