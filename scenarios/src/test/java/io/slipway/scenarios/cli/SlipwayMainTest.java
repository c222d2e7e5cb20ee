package io.slipway.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlipwayMainTest {

  @TempDir
  Path dir;

  @Test
  void aBadFleetFileExitsWithTwoAndNamesLineColumnAndKey() throws Exception {
    Path file = dir.resolve("fleet.yaml");
    Files.writeString(file, "nodes:\n  - name: a\n    roles: [master]\n");

    CommandLineRun run = CommandLineRun.of("fleet", "up", "-f", file.toString(), "--name", "x");

    assertThat(run.exitCode()).as("exit code for bad input").isEqualTo(2);
    assertThat(run.err()).startsWith(file + ":3:13: nodes[0].roles[0]: unknown role \"master\"")
        .contains("1 problem in " + file + "; nothing was changed.")
        .as("no stack trace without -v").doesNotContain("\tat ");
  }

  @Test
  void aMissingFleetFileIsBadInput() {
    CommandLineRun run = CommandLineRun.of("fleet", "up", "-f", dir.resolve("nope.yaml").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("nope.yaml: file not found");
  }

  @Test
  void anInvalidFleetNameIsBadInput() throws Exception {
    Path file = dir.resolve("fleet.yaml");
    Files.writeString(file, "nodes:\n  - name: a\n");
    CommandLineRun run = CommandLineRun.of("fleet", "up", "-f", file.toString(), "--name", "Not_Valid");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--name: \"Not_Valid\" is not a valid fleet name");
  }

  @Test
  void helpListsTheFleetCommands() {
    CommandLineRun run = CommandLineRun.of("fleet", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("up", "ls", "down");
  }
}
