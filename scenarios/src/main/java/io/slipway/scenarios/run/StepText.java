package io.slipway.scenarios.run;

import io.slipway.scenarios.fault.Nemesis;
import io.slipway.scenarios.model.CheckSpec;
import io.slipway.scenarios.model.ScenarioStep;

/** How steps and checks are named in progress lines, the history and the reports. */
final class StepText {

  private StepText() {
  }

  static String kind(ScenarioStep step) {
    return step.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }

  static String describe(ScenarioStep step) {
    String id = step.id();
    if (step instanceof ScenarioStep.Fault fault) {
      return id + ": " + Nemesis.describe(fault.fault()) + " on " + Targets.describe(fault.fault().target());
    } else if (step instanceof ScenarioStep.Hold hold) {
      return id + ": hold " + hold.duration().toSeconds() + " s";
    } else if (step instanceof ScenarioStep.Heal heal) {
      return id + ": heal " + (heal.fault() == null ? "every fault" : heal.fault());
    } else if (step instanceof ScenarioStep.WaitUntil wait) {
      return id + ": wait until " + Conditions.describe(wait.condition()) + " (at most " + wait.timeout().toSeconds()
          + " s)";
    } else if (step instanceof ScenarioStep.Expect expect) {
      return id + ": expect " + checkName(expect.check());
    } else if (step instanceof ScenarioStep.Kubectl kubectl) {
      return id + ": kubectl " + String.join(" ", kubectl.args()) + (kubectl.throughEndpoint() ? " (through the LB)" : "");
    } else if (step instanceof ScenarioStep.EditCluster edit) {
      return id + ": edit cluster.yml: " + edit.edits();
    }
    return id + ": " + kind(step).replace('_', '-');
  }

  static String checkName(CheckSpec check) {
    return check.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT)
        + (check instanceof CheckSpec.Availability a ? " of " + a.probe().key()
        : check instanceof CheckSpec.Latency l ? " of " + l.probe().key()
        : check instanceof CheckSpec.Gap g ? " of " + g.probe().key()
        : check instanceof CheckSpec.Fails f ? " of " + f.probe().key()
        : check instanceof CheckSpec.LeadershipMoved m ? " of " + m.component()
        : check instanceof CheckSpec.Restarted r ? " of " + r.container() + " on " + r.node() : "");
  }
}
