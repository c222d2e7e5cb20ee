package io.slipway.engine.up;

import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.Role;
import io.slipway.engine.exec.ExecutorSettings;
import io.slipway.engine.state.ClusterState;
import java.time.Duration;

/**
 * The executor's limits for a config: a new cluster comes up with no rolling limit (as RKE
 * deploys it in parallel); an existing one changes at most {@code max_unavailable_controlplane}
 * control-plane hosts and {@code max_unavailable_worker} worker hosts at once.
 */
final class ExecutorLimits {

  private ExecutorLimits() {
  }

  static ExecutorSettings of(ClusterConfig config, ClusterState state, int parallelism) {
    if (state.nodes().isEmpty()) {
      return new ExecutorSettings(parallelism, Integer.MAX_VALUE, Integer.MAX_VALUE, 2, Duration.ofSeconds(2));
    }
    int controlplanes = (int) config.nodes().stream().filter(n -> n.has(Role.CONTROLPLANE)).count();
    int workers = (int) config.nodes().stream().filter(n -> n.has(Role.WORKER)).count();
    return new ExecutorSettings(parallelism,
        ExecutorSettings.unavailable(config.upgradeStrategy().maxUnavailableControlplane(), controlplanes),
        ExecutorSettings.unavailable(config.upgradeStrategy().maxUnavailableWorker(), workers), 2, Duration.ofSeconds(2));
  }
}
