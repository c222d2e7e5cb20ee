package io.slipway.scenarios.model;

import java.time.Duration;
import java.util.List;

/** One step of a scenario; {@code id} names it for heals and check windows. */
public sealed interface ScenarioStep {

  String id();

  /** Runs {@code slipway up}, then again to check it changes nothing (idempotence). */
  record Up(String id) implements ScenarioStep {
  }

  /** Runs {@code slipway cert-rotate}. */
  record CertRotate(String id) implements ScenarioStep {
  }

  record WaitUntil(String id, Condition condition, Duration timeout) implements ScenarioStep {
  }

  record Fault(String id, FaultSpec fault) implements ScenarioStep {
  }

  /** Lets the probes run for a while. */
  record Hold(String id, Duration duration) implements ScenarioStep {
  }

  /** Heals the fault injected by step {@code fault}, or every active one when null. */
  record Heal(String id, String fault) implements ScenarioStep {
  }

  record Expect(String id, CheckSpec check, Window window) implements ScenarioStep {
  }

  /** Changes cluster.yml; the next {@code up} applies it. */
  record EditCluster(String id, List<ClusterEdit> edits) implements ScenarioStep {
  }

  /**
   * Runs the real kubectl with the run's kubeconfig, against the API endpoint when
   * {@code throughEndpoint}; expects an exit code (null: zero) or any non-zero one, and a
   * pattern in its output.
   */
  record Kubectl(String id, List<String> args, boolean throughEndpoint, boolean expectFailure, String outputPattern,
      Duration retryFor) implements ScenarioStep {
  }
}
