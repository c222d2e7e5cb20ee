package io.slipway.scenarios.model;

import io.slipway.reports.history.Entry;
import java.time.Duration;
import java.util.List;

/** One step of a scenario; {@code id} names it for heals and check windows. */
public sealed interface ScenarioStep {

  /**
   * What to do with each kind of {@code ScenarioStep}: whoever interprets them implements this, so a new
   * kind does not compile until each interpreter handles it.
   *
   * @param <R> what each visit returns
   */
  interface Visitor<R> {
    R up(Up up);

    R certRotate(CertRotate certRotate);

    R waitUntil(WaitUntil waitUntil);

    R fault(Fault fault);

    R hold(Hold hold);

    R heal(Heal heal);

    R expect(Expect expect);

    R editCluster(EditCluster editCluster);

    R kubectl(Kubectl kubectl);

    R drill(Drill drill);

    R snapshotSave(SnapshotSave snapshotSave);

    R snapshotRestore(SnapshotRestore snapshotRestore);

    R remove(Remove remove);
  }

  <R> R accept(Visitor<R> visitor);

  String id();

  /**
   * Runs {@code slipway up}, then again to check it changes nothing (idempotence); or, with
   * {@code refusal} (a pattern), expects {@code up} to refuse with an error matching it and to
   * have changed nothing on any node.
   */
  record Up(String id, String refusal) implements ScenarioStep {

    public Up(String id) {
      this(id, null);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.up(this);
    }
  }

  /** Runs {@code slipway cert-rotate}. */
  record CertRotate(String id) implements ScenarioStep {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.certRotate(this);
    }
  }

  /** Runs {@code slipway etcd snapshot-save --name NAME}: a snapshot on every etcd member. */
  record SnapshotSave(String id, String name) implements ScenarioStep {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.snapshotSave(this);
    }
  }

  /** Runs {@code slipway etcd snapshot-restore --name NAME}: the cluster restored from an earlier snapshot_save. */
  record SnapshotRestore(String id, String name) implements ScenarioStep {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.snapshotRestore(this);
    }
  }

  /**
   * Runs {@code slipway remove --force}, then judges from every node that it left no component
   * container and nothing in RKE's directories, the snapshots kept.
   */
  record Remove(String id) implements ScenarioStep {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.remove(this);
    }
  }

  record WaitUntil(String id, Condition condition, Duration timeout) implements ScenarioStep {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.waitUntil(this);
    }
  }

  record Fault(String id, FaultSpec fault) implements ScenarioStep {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.fault(this);
    }
  }

  /** Lets the probes run for a while. */
  record Hold(String id, Duration duration) implements ScenarioStep {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.hold(this);
    }
  }

  /** Heals the fault injected by step {@code fault}, or every active one when null. */
  record Heal(String id, String fault) implements ScenarioStep {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.heal(this);
    }
  }

  record Expect(String id, CheckSpec check, Window window) implements ScenarioStep {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.expect(this);
    }
  }

  /** Changes cluster.yml; the next {@code up} applies it. */
  record EditCluster(String id, List<ClusterEdit> edits) implements ScenarioStep {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.editCluster(this);
    }
  }

  /**
   * Runs the real kubectl with the run's kubeconfig, against the API endpoint when
   * {@code throughEndpoint}; expects an exit code (null: zero) or any non-zero one, and a
   * pattern in its output. {@code stdin} (null: none) is what it reads, e.g. a manifest for
   * {@code apply -f -}.
   */
  record Kubectl(String id, List<String> args, boolean throughEndpoint, boolean expectFailure, String outputPattern,
      Duration retryFor, String stdin) implements ScenarioStep {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.kubectl(this);
    }
  }

  /**
   * Begins a drill of an audit: the checks judged from here to the next drill are this drill's;
   * {@code expected} is what the topology should do under it, {@code why} the reason.
   */
  record Drill(String id, String title, Entry.Expected expected, String why) implements ScenarioStep {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.drill(this);
    }
  }
}
