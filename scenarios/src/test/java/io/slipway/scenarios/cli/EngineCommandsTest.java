package io.slipway.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slipway validate} and {@code slipway plan}: no host is touched, bad input exits 2. */
class EngineCommandsTest {

  private static final String REFERENCE = "../examples/reference-cluster.yml";

  @TempDir
  Path dir;

  @Test
  void validateSummarisesAValidFile() {
    CommandLineRun run = CommandLineRun.of("validate", "-c", REFERENCE);
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("valid; 7 nodes (3 etcd, 3 controlplane, 4 worker), Kubernetes v1.13.5-rancher1-2");
  }

  @Test
  void validateRefusesABadFileWithExitTwoAndEveryProblem() throws Exception {
    Path file = dir.resolve("cluster.yml");
    Files.writeString(file, "nodes:\n  - address: 10.0.0.1\n    user: rke\n    role: [master]\n");
    CommandLineRun run = CommandLineRun.of("validate", "-c", file.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains(file + ":4:12: nodes[0].role[0]: unknown role \"master\"")
        .contains(file + ":2:3: nodes: no node has the etcd role")
        .contains("problems in " + file + "; nothing was changed.");
  }

  @Test
  void strictTurnsUnknownKeysIntoErrors() throws Exception {
    Path file = dir.resolve("cluster.yml");
    Files.writeString(file, Files.readString(Path.of(REFERENCE)) + "colour: blue\n");
    assertThat(CommandLineRun.of("validate", "-c", file.toString()).exitCode()).as("lenient").isZero();
    CommandLineRun strict = CommandLineRun.of("validate", "--strict", "-c", file.toString());
    assertThat(strict.exitCode()).isEqualTo(2);
    assertThat(strict.err()).contains("colour: unknown key \"colour\"");
  }

  @Test
  void planAsJsonIsStableAndParses() throws Exception {
    CommandLineRun first = CommandLineRun.of("plan", "-c", REFERENCE, "--format", "json");
    CommandLineRun second = CommandLineRun.of("plan", "-c", REFERENCE, "--format", "json");
    assertThat(first.exitCode()).isZero();
    assertThat(first.out()).as("byte-identical run to run").isEqualTo(second.out());
    assertThat(new ObjectMapper().readTree(first.out()).path("format").asText()).isEqualTo("slipway.plan/v1");
  }

  @Test
  void planAsTextAndDot() {
    assertThat(CommandLineRun.of("plan", "-c", REFERENCE).out()).contains("== phase etcd", "create nginx-proxy (");
    assertThat(CommandLineRun.of("plan", "-c", REFERENCE, "--format", "dot").out()).startsWith("digraph plan {");
  }
}
