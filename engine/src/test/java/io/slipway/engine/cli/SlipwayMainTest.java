package io.slipway.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

  @Test
  void dayTwoCommandsRefuseBadInputBeforeTouchingAnyHost() throws Exception {
    Path cluster = dir.resolve("cluster.yml");
    // 10.255.255.1 is never contacted: every refusal comes before a connection
    Files.writeString(cluster, "nodes:\n  - {address: 10.255.255.1, user: rke, role: [controlplane, etcd, worker]}\n");
    Run remove = run("remove", "-c", cluster.toString(), "--force");
    assertThat(remove.exit()).isEqualTo(2);
    assertThat(remove.err()).contains("no state file").contains("cluster.slipwaystate").contains("nothing was removed");

    StringWriter asked = new StringWriter();
    assertThat(RemoveCommand.confirmed(new PrintWriter(asked), new BufferedReader(new StringReader("y\n")))).isTrue();
    assertThat(asked.toString()).isEqualTo("Are you sure you want to remove Kubernetes cluster [y/n]: ");
    for (String answer : List.of("n\n", "yes\n", "")) {
      assertThat(RemoveCommand.confirmed(new PrintWriter(new StringWriter()), new BufferedReader(
          new StringReader(answer)))).as("answer %s", answer).isFalse();
    }

    Run badName = run("etcd", "snapshot-restore", "-c", cluster.toString(), "--name", "../etc/passwd");
    assertThat(badName.exit()).isEqualTo(2);
    assertThat(badName.err()).contains("snapshot name \"../etc/passwd\" cannot name a snapshot");
    assertThat(run("etcd", "snapshot-restore", "-c", cluster.toString()).exit()).as("--name is required")
        .isEqualTo(2);

    Run badService = run("cert-rotate", "-c", cluster.toString(), "--service", "kube-dns");
    assertThat(badService.exit()).isEqualTo(2);
    assertThat(badService.err()).contains("--service kube-dns: not a service whose certificates rotate")
        .contains("etcd, kube-apiserver, kube-controller-manager, kube-proxy, kube-scheduler, kubelet");

    Run neverDeployed = run("etcd", "snapshot-save", "-c", cluster.toString(), "--name", "first");
    assertThat(neverDeployed.exit()).isEqualTo(2);
    assertThat(neverDeployed.err()).contains("holds no certificates: the cluster was never deployed");
  }
}
