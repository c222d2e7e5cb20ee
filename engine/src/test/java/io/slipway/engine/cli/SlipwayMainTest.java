package io.slipway.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The engine's command line on its own: no testbed module is on this module's class path. */
class SlipwayMainTest {

  @TempDir
  Path dir;

  private record Run(int exit, String out, String err) {
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = SlipwayMain.commandLine();
    line.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    int exit = line.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void anEngineOnlyCommandLineOffersTheEngineCommandsAndNoTestbedOnes() {
    Run help = run("--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).containsPattern("(?m)^  validate ").containsPattern("(?m)^  plan ")
        .containsPattern("(?m)^  up ").containsPattern("(?m)^  cert-rotate ")
        .as("fleet, rehearse and report plug in only with their modules")
        .doesNotContainPattern("(?m)^  (fleet|rehearse|report) ");
    assertThat(run("fleet", "up").exit()).as("an unknown command is a usage error").isEqualTo(2);
  }

  @Test
  void badInputExitsWithTwoAndPlanWithPendingChangesWithThree() throws Exception {
    Path cluster = dir.resolve("cluster.yml");
    Files.writeString(cluster, "nodes:\n  - {address: 10.0.0.1, user: rke, role: [master]}\n");
    Run bad = run("validate", "-c", cluster.toString());
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("cluster.yml:2:").contains("unknown role \"master\"");

    Files.writeString(cluster, "nodes:\n  - {address: 10.0.0.1, user: rke, role: [controlplane, etcd, worker]}\n");
    Run plan = run("plan", "-c", cluster.toString(), "--detailed-exitcode");
    assertThat(plan.exit()).as("a new cluster: everything is to be created").isEqualTo(3);
    assertThat(plan.out()).contains("create kube-apiserver (");
    assertThat(run("plan", "-c", cluster.toString()).exit()).as("without the flag").isZero();
  }
}
