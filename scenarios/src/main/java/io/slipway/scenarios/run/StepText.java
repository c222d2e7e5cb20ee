package io.slipway.scenarios.run;

import io.slipway.scenarios.check.CheckSpecJson;
import io.slipway.scenarios.model.CheckSpec;
import io.slipway.scenarios.model.ScenarioStep;
import java.util.Locale;

/** How steps and checks are named in progress lines, the history and the reports. */
final class StepText {

  private StepText() {
  }

  static String kind(ScenarioStep step) {
    return step.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  static String describe(ScenarioStep step) {
    String id = step.id();
    return id + ": " + step.accept(new ScenarioStep.Visitor<String>() {
      @Override
      public String up(ScenarioStep.Up up) {
        return up.refusal() == null ? "up" : "up, which must refuse (/" + up.refusal() + "/)";
      }

      @Override
      public String certRotate(ScenarioStep.CertRotate rotate) {
        return "cert-rotate";
      }

      @Override
      public String waitUntil(ScenarioStep.WaitUntil wait) {
        return "wait until " + wait.condition().describe() + " (at most " + wait.timeout().toSeconds() + " s)";
      }

      @Override
      public String fault(ScenarioStep.Fault fault) {
        return fault.fault().describe() + " on " + fault.fault().target().describe();
      }

      @Override
      public String hold(ScenarioStep.Hold hold) {
        return "hold " + hold.duration().toSeconds() + " s";
      }

      @Override
      public String heal(ScenarioStep.Heal heal) {
        return "heal " + (heal.fault() == null ? "every fault" : heal.fault());
      }

      @Override
      public String expect(ScenarioStep.Expect expect) {
        return "expect " + checkName(expect.check());
      }

      @Override
      public String drill(ScenarioStep.Drill drill) {
        return "drill: " + drill.title() + " (expected: " + drill.expected().key() + ")";
      }

      @Override
      public String editCluster(ScenarioStep.EditCluster edit) {
        return "edit cluster.yml: " + edit.edits();
      }

      @Override
      public String snapshotSave(ScenarioStep.SnapshotSave save) {
        return "etcd snapshot-save --name " + save.name();
      }

      @Override
      public String snapshotRestore(ScenarioStep.SnapshotRestore restore) {
        return "etcd snapshot-restore --name " + restore.name();
      }

      @Override
      public String remove(ScenarioStep.Remove remove) {
        return "remove --force";
      }

      @Override
      public String kubectl(ScenarioStep.Kubectl kubectl) {
        return "kubectl " + String.join(" ", kubectl.args()) + (kubectl.throughEndpoint() ? " (through the LB)" : "");
      }
    });
  }

  /** {@code availability of api_read}, {@code restarted of kube-apiserver on master-1}, {@code no_lost_writes}. */
  static String checkName(CheckSpec check) {
    String kind = CheckSpecJson.of(check).path("kind").asText();
    return kind + check.accept(new CheckSpec.Visitor<String>() {
      @Override
      public String availability(CheckSpec.Availability a) {
        return " of " + a.probe().key();
      }

      @Override
      public String latency(CheckSpec.Latency l) {
        return " of " + l.probe().key();
      }

      @Override
      public String gap(CheckSpec.Gap g) {
        return " of " + g.probe().key();
      }

      @Override
      public String fails(CheckSpec.Fails f) {
        return " of " + f.probe().key();
      }

      @Override
      public String noLostWrites(CheckSpec.NoLostWrites n) {
        return n.mayLose() == null ? "" : " (those from " + n.mayLose().from() + " to " + n.mayLose().to()
            + " may be lost)";
      }

      @Override
      public String nodeVersions(CheckSpec.NodeVersions v) {
        return " " + v.version();
      }

      @Override
      public String leaderChanges(CheckSpec.LeaderChanges c) {
        return " of " + c.component() + " at most " + c.atMost();
      }

      @Override
      public String unschedulableAtMost(CheckSpec.UnschedulableAtMost u) {
        return " " + u.count();
      }

      @Override
      public String pendingAtMost(CheckSpec.PendingAtMost p) {
        return " " + p.count() + " of " + p.selector();
      }

      @Override
      public String scheduledWithin(CheckSpec.ScheduledWithin w) {
        return " " + w.selector() + " within " + w.within().toSeconds() + "s";
      }

      @Override
      public String leadershipMoved(CheckSpec.LeadershipMoved m) {
        return " of " + m.component();
      }

      @Override
      public String nodesReady(CheckSpec.NodesReady n) {
        return "";
      }

      @Override
      public String nodeNotReady(CheckSpec.NodeNotReady n) {
        return "";
      }

      @Override
      public String noNodeNotReady(CheckSpec.NoNodeNotReady n) {
        return "";
      }

      @Override
      public String restarted(CheckSpec.Restarted r) {
        return " of " + r.container() + " on " + r.node();
      }

      @Override
      public String snapshotPresent(CheckSpec.SnapshotPresent s) {
        return "";
      }

      @Override
      public String linearizable(CheckSpec.Linearizable l) {
        return " of " + l.probe().key();
      }
    });
  }
}
