package io.slipway.engine.up;

import io.slipway.engine.BadInputException;
import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.KubernetesVersions;
import io.slipway.engine.config.Role;
import io.slipway.engine.exec.ExecutorSettings;
import io.slipway.engine.state.ClusterState;
import java.util.Optional;

/**
 * A change of {@code kubernetes_version} against the version the cluster runs (as the state
 * recorded it): a downgrade is refused before any host is touched, as RKE refuses it; an upgrade
 * that skips a minor version is warned about, naming Kubernetes' version-skew policy.
 */
public final class VersionChange {

  private VersionChange() {
  }

  /**
   * @throws BadInputException when cluster.yml asks for an older version than the cluster runs
   */
  static void refuseDowngrade(ClusterState state, ClusterConfig config) {
    String running = state.kubernetesVersion();
    String wanted = config.kubernetesVersion();
    if (running != null && wanted != null && KubernetesVersions.compareVersions(wanted, running) < 0) {
      throw new BadInputException("kubernetes_version " + wanted + " is older than " + running + ", which the "
          + "cluster runs: Kubernetes is not downgraded (RKE refuses it too); set kubernetes_version to " + running
          + " or later. Nothing was changed");
    }
  }

  /** What to say about the change from what {@code options}' state records to {@code config}'s version, if anything. */
  public static Optional<String> warning(ClusterConfig config, UpOptions options) {
    return warning(Up.load(options.stateFile()).cluster(), config);
  }

  static Optional<String> warning(ClusterState state, ClusterConfig config) {
    String running = state.kubernetesVersion();
    String wanted = config.kubernetesVersion();
    if (running == null || wanted == null) {
      return Optional.empty();
    }
    int from = KubernetesVersions.minor(running);
    int to = KubernetesVersions.minor(wanted);
    if (to > from + 1) {
      return Optional.of("warning: upgrading from " + running + " to " + wanted + " skips " + (to - from - 1)
          + " minor version" + (to - from - 1 == 1 ? "" : "s") + ": Kubernetes' version-skew policy supports upgrading "
          + "the control plane one minor version at a time (v1." + from + " to v1." + (from + 1) + " first)");
    }
    if (to > from || !running.equals(wanted) && KubernetesVersions.compareVersions(wanted, running) > 0) {
      long controlplanes = config.nodes().stream().filter(n -> n.has(Role.CONTROLPLANE)).count();
      long workers = config.nodes().stream().filter(n -> n.has(Role.WORKER)).count();
      int cpBatch = ExecutorSettings.unavailable(config.upgradeStrategy().maxUnavailableControlplane(),
          (int) controlplanes);
      int workerBatch = ExecutorSettings.unavailable(config.upgradeStrategy().maxUnavailableWorker(), (int) workers);
      return Optional.of("rolling upgrade from " + running + " to " + wanted + ": etcd one member at a time, then "
          + "the control plane " + cpBatch + " of " + controlplanes + " nodes at a time (max_unavailable_controlplane "
          + config.upgradeStrategy().maxUnavailableControlplane() + "), then every node's worker components "
          + workerBatch + " of " + workers + " at a time (max_unavailable_worker "
          + config.upgradeStrategy().maxUnavailableWorker() + "), each node cordoned"
          + (Boolean.TRUE.equals(config.upgradeStrategy().drain()) ? " and drained" : "")
          + " first and uncordoned once Ready");
    }
    return Optional.empty();
  }
}
