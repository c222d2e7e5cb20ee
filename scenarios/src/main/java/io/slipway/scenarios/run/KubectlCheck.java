package io.slipway.scenarios.run;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.engine.Poll;
import io.slipway.scenarios.check.Judgement;
import io.slipway.scenarios.model.ScenarioStep;
import io.slipway.simulator.kubectl.Kubectl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * A {@code kubectl} step: the real kubectl with the run's kubeconfig, judged by its exit code and
 * output, run again every second until it matches or {@code retry_for} has passed.
 */
final class KubectlCheck {

  private KubectlCheck() {
  }

  static Judgement judge(ScenarioStep.Kubectl step, Path kubeconfig) {
    Kubectl kubectl = new Kubectl(kubeconfig, Duration.ofSeconds(10));
    AtomicReference<Kubectl.Result> last = new AtomicReference<>();
    boolean matched = Poll.until(step.retryFor(), Duration.ofSeconds(1), () -> {
      Kubectl.Result result = kubectl.runWithInput(step.stdin(), step.args().toArray(String[]::new));
      last.set(result);
      return exitAsExpected(step, result) && outputAsExpected(step, result);
    });
    Kubectl.Result result = last.get();
    ObjectNode figures = JsonNodeFactory.instance.objectNode().put("exit", result.exit())
        .put("output", result.output().strip());
    String firstLine = result.output().strip().lines().findFirst().orElse("");
    if (matched) {
      return Judgement.pass("exit " + result.exit() + (step.outputPattern() == null ? "" : ", output matches /"
          + step.outputPattern() + "/") + ": " + firstLine, figures);
    }
    return Judgement.fail("exit " + result.exit() + " (expected " + (step.expectFailure() ? "non-zero" : "0") + ")"
        + (outputAsExpected(step, result) ? "" : ", output does not match /" + step.outputPattern() + "/") + ": "
        + firstLine, figures);
  }

  private static boolean exitAsExpected(ScenarioStep.Kubectl step, Kubectl.Result result) {
    return step.expectFailure() ? result.exit() != 0 : result.exit() == 0;
  }

  private static boolean outputAsExpected(ScenarioStep.Kubectl step, Kubectl.Result result) {
    return step.outputPattern() == null || Pattern.compile(step.outputPattern()).matcher(result.output()).find();
  }
}
