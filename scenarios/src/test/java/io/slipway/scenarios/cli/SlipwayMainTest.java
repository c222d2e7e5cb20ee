package io.slipway.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
  void anAuditOfAFileRkeWouldRefuseExitsWithTwoBeforeAnythingStarts() throws Exception {
    Path file = dir.resolve("cluster.yml");
    Files.writeString(file, "nodes:\n  - address: 10.0.0.1\n    user: rke\n    role: [controlplane, etcd, wrker]\n");
    CommandLineRun run = CommandLineRun.of("rehearse", "--cluster", file.toString(), "--report-dir",
        dir.resolve("runs").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains(file + ":4:32: nodes[0].role[2]: unknown role \"wrker\"");
    assertThat(dir.resolve("runs")).doesNotExist();
  }

  @Test
  void anAuditWithAnUnknownDrillOrABadCapacityOrBothModesExitsWithTwo() throws Exception {
    Path file = Path.of("src/test/resources/audit/small.yml");
    Path runs = dir.resolve("runs");
    CommandLineRun drill = CommandLineRun.of("rehearse", "--cluster", file.toString(), "--drills", "nope",
        "--report-dir", runs.toString());
    assertThat(drill.exitCode()).isEqualTo(2);
    assertThat(drill.err()).contains("--drills nope: no drill nope").contains("stop-etcd-leader");
    CommandLineRun capacity = CommandLineRun.of("rehearse", "--cluster", file.toString(), "--capacity", "worker=lots",
        "--report-dir", runs.toString());
    assertThat(capacity.exitCode()).isEqualTo(2);
    assertThat(capacity.err()).contains("--capacity worker=lots: expected ROLE=cpu,memory,storage");
    CommandLineRun both = CommandLineRun.of("rehearse", "--cluster", file.toString(), "x.yaml");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("not both");
    CommandLineRun floating = CommandLineRun.of("rehearse", "--floating-address", "x.yaml");
    assertThat(floating.exitCode()).isEqualTo(2);
    assertThat(floating.err()).contains("go with --cluster FILE");
    assertThat(runs).doesNotExist();
  }

  @Test
  void anAuditCheckedOnlySaysWhatItWouldDoAndStartsNothing() {
    Path runs = dir.resolve("runs");
    CommandLineRun run = CommandLineRun.of("rehearse", "--check", "--cluster", "src/test/resources/audit/small.yml",
        "--report-dir", runs.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("3 etcd members (quorum 2, survives losing 1)")
        .contains("single point of failure: one load balancer at 192.0.2.10")
        .containsPattern("etcd-quorum-lost +expected outage").contains("all of them: ").contains("reboot-");
    assertThat(runs).doesNotExist();
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
    Files.writeString(file, "nodes:\n  - {name: a, roles: [worker]}\n");
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

  @Test
  void everyMalformedScenarioIsReportedBeforeAnyRunStarts() throws Exception {
    Path good = dir.resolve("good.yaml");
    Files.writeString(good, "fleet:\n  nodes: [{name: n1, roles: [controlplane, etcd, worker]}]\nsteps:\n  - up\n");
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "fleet:\n  nodes: [{name: n1, roles: [controlplane, etcd, worker]}]\nsteps:\n  - up\n"
        + "  - hold: soon\n");
    CommandLineRun run = CommandLineRun.of("rehearse", good.toString(), bad.toString(), "--report-dir",
        dir.resolve("runs").toString());
    assertThat(run.exitCode()).as("exit code for bad input").isEqualTo(2);
    assertThat(run.err()).startsWith(bad + ":5:11: steps[1].hold: \"soon\" is not a duration");
    assertThat(dir.resolve("runs")).as("nothing ran").doesNotExist();
  }

  @Test
  void reportRendersARunFolderAndRefusesOtherFolders() throws Exception {
    Path runDir = Files.createDirectories(dir.resolve("run"));
    Files.writeString(runDir.resolve("history.jsonl"), "{\"type\":\"run-started\",\"at\":\"2026-11-27T12:00:00Z\","
        + "\"scenario\":\"s\",\"seed\":1,\"fleet\":\"f\",\"engine\":\"dev\",\"docker\":\"20.10.24\"}\n"
        + "{\"type\":\"run-ended\",\"at\":\"2026-11-27T12:01:00Z\",\"verdict\":\"pass\"}\n");
    CommandLineRun run = CommandLineRun.of("report", runDir.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(runDir.resolve("report.html")).content().contains("PASS · s");
    assertThat(CommandLineRun.of("report", dir.resolve("nothing-here").toString()).exitCode()).isNotZero();
  }

  @Test
  void reportRejudgeExitsZeroWhenEveryVerdictHoldsAndOneWhenOneDoesNot() throws Exception {
    for (String recorded : List.of("pass", "fail")) {
      Path runDir = Files.createDirectories(dir.resolve("rejudge-" + recorded));
      StringBuilder history = new StringBuilder("{\"type\":\"run-started\",\"at\":\"2026-12-01T09:00:00Z\","
          + "\"scenario\":\"s\",\"seed\":1,\"fleet\":\"f\",\"engine\":\"dev\",\"docker\":\"20.10.24\"}\n");
      for (int s = 0; s < 6; s++) {
        history.append("{\"type\":\"sample\",\"at\":\"2026-12-01T09:00:0").append(s).append("Z\",\"probe\":\"api_read\","
            + "\"end\":\"2026-12-01T09:00:0").append(s).append(".02Z\",\"outcome\":\"ok\"}\n");
      }
      history.append("{\"type\":\"check\",\"at\":\"2026-12-01T09:00:07Z\",\"step\":\"expect-1\",\"check\":"
          + "\"availability of api_read\",\"verdict\":\"").append(recorded).append("\",\"summary\":\"x\",\"figures\":{},"
          + "\"spec\":{\"kind\":\"availability\",\"probe\":\"api_read\",\"atLeast\":0.99},"
          + "\"from\":\"2026-12-01T09:00:00Z\",\"to\":\"2026-12-01T09:00:07Z\",\"saw\":7}\n");
      Files.writeString(runDir.resolve("history.jsonl"), history);
      CommandLineRun run = CommandLineRun.of("report", "--rejudge", runDir.toString());
      assertThat(run.exitCode()).as("recorded %s, the history says pass", recorded).isEqualTo(recorded.equals("pass")
          ? 0 : 1);
      assertThat(run.out()).contains("1 checks judged again from the history, 0 kept as recorded")
          .contains(recorded.equals("pass") ? "every verdict the same" : "DIFFERS, now pass");
      assertThat(runDir.resolve("report.html")).as("rejudging renders nothing").doesNotExist();
    }
  }
}
