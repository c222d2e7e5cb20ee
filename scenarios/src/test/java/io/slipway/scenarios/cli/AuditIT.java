package io.slipway.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.reports.AuditTable;
import io.slipway.reports.RunFolder;
import io.slipway.scenarios.check.Rejudge;
import io.slipway.scenarios.load.ScenarioLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The audit of a small operator file, as a user runs it: {@code slipway rehearse --cluster FILE}.
 * Three nodes with every role behind one load balancer: every drill does what the topology should
 * (a node left behind a firewall first is refused by {@code up}; a node with every role stopped is
 * survived; stopping the only load balancer is an expected outage; a node drained, its pods run on
 * the other two), the exit code is 0, the copy deployed holds none of the file's addresses, and the
 * audit and each drill are scenario files that load again. The quick set's apiserver kill and etcd
 * losses are left to the README's audit, which CI runs on three etcd members too.
 */
class AuditIT {

  private static final Path FILE = Path.of("src/test/resources/audit/small.yml");

  @Test
  void theQuickAuditOfThreeNodesBehindOneLoadBalancerSaysWhatTheySurviveAndExpectsTheRestToFail() throws Exception {
    Path reports = Path.of("target", "audit-runs");
    CommandLineRun run = CommandLineRun.of("rehearse", "--cluster", FILE.toString(), "--drills",
        "stop-node-node-a,stop-lb,drain-192-0-2-13,re-up", "--misprepare", "node-b=port-closed", "--report-dir", reports.toString());
    System.out.println(run.out());
    System.err.println(run.err());
    Path runDir;
    try (Stream<Path> runs = Files.list(reports)) {
      runDir = runs.filter(p -> p.getFileName().toString().startsWith("audit-small-")).sorted().reduce((a, b) -> b)
          .orElseThrow();
    }
    String summary = Files.readString(runDir.resolve("summary.md"));
    assertThat(run.exitCode()).as(summary).isZero();

    AuditTable table = AuditTable.of(RunFolder.read(runDir).entries()).orElseThrow();
    assertThat(table.unexpected()).as(summary).isZero();
    assertThat(table.rows()).extracting(r -> r.drill() + "=" + r.outcome().text()).containsExactly(
        "misprepare-node-b-port-closed=refused, as it should", "stop-node-node-a=survives", "stop-lb=expected outage",
        "drain-192-0-2-13=survives", "re-up=survives");
    assertThat(table.audit().singlePoints()).containsExactly(
        "one load balancer at 192.0.2.10: losing it stops every client that uses that address");
    assertThat(table.audit().addresses()).allSatisfy(a -> assertThat(a.fleet()).doesNotStartWith("192.0.2.")
        .matches("[0-9.]+"));
    assertThat(summary).contains("## Fault tolerance of").contains("| stop the load balancer lb | outage: ");
    assertThat(table.rows().get(0).observed()).contains("up refused, naming the node and the fix, and changed nothing")
        .contains("cannot reach node-b");

    String deployed = Files.readString(runDir.resolve("cluster.yml"));
    assertThat(deployed).doesNotContain("192.0.2.").contains("2222").contains("api.small.example")
        .contains("zone: \"c\"");
    assertThat(run.out()).contains("192.0.2.10").contains("report: " + runDir.resolve("report.html"));

    assertThat(ScenarioLoader.load(runDir.resolve("audit.yaml")).audit()).isPresent();
    try (Stream<Path> drills = Files.list(runDir.resolve("drills"))) {
      List<Path> files = drills.toList();
      assertThat(files).isNotEmpty();
      files.forEach(ScenarioLoader::load);
    }
    assertThat(Rejudge.of(RunFolder.read(runDir))).as("judged again from the stored history alone")
        .allMatch(Rejudge.Row::same);
  }
}
