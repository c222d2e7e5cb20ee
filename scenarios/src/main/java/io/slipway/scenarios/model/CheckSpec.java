package io.slipway.scenarios.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.slipway.reports.history.ProbeKind;
import java.time.Duration;

/**
 * A property the recorded history must have; judged pass, fail or unknown. Its JSON form (kept
 * with each verdict in the history, so a stored run can be judged again) names the kind as the
 * scenario file does.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = CheckSpec.Availability.class, name = "availability"),
    @JsonSubTypes.Type(value = CheckSpec.Latency.class, name = "latency"),
    @JsonSubTypes.Type(value = CheckSpec.Gap.class, name = "gap"),
    @JsonSubTypes.Type(value = CheckSpec.Fails.class, name = "fails"),
    @JsonSubTypes.Type(value = CheckSpec.NoLostWrites.class, name = "no_lost_writes"),
    @JsonSubTypes.Type(value = CheckSpec.LeadershipMoved.class, name = "leadership_moved"),
    @JsonSubTypes.Type(value = CheckSpec.LeaderChanges.class, name = "leader_changes"),
    @JsonSubTypes.Type(value = CheckSpec.NodesReady.class, name = "nodes_ready"),
    @JsonSubTypes.Type(value = CheckSpec.NodeNotReady.class, name = "node_not_ready"),
    @JsonSubTypes.Type(value = CheckSpec.NoNodeNotReady.class, name = "no_node_not_ready"),
    @JsonSubTypes.Type(value = CheckSpec.Restarted.class, name = "restarted"),
    @JsonSubTypes.Type(value = CheckSpec.SnapshotPresent.class, name = "snapshot_present"),
    @JsonSubTypes.Type(value = CheckSpec.NodeVersions.class, name = "node_versions"),
    @JsonSubTypes.Type(value = CheckSpec.UnschedulableAtMost.class, name = "unschedulable_at_most"),
    @JsonSubTypes.Type(value = CheckSpec.PendingAtMost.class, name = "pending_at_most"),
    @JsonSubTypes.Type(value = CheckSpec.ScheduledWithin.class, name = "scheduled_within"),
    @JsonSubTypes.Type(value = CheckSpec.Linearizable.class, name = "linearizable")})
public sealed interface CheckSpec {

  /**
   * What to do with each kind of {@code CheckSpec}: whoever interprets them implements this, so a new
   * kind does not compile until each interpreter handles it.
   *
   * @param <R> what each visit returns
   */
  interface Visitor<R> {
    R availability(Availability availability);

    R latency(Latency latency);

    R gap(Gap gap);

    R fails(Fails fails);

    R noLostWrites(NoLostWrites noLostWrites);

    R leadershipMoved(LeadershipMoved leadershipMoved);

    R leaderChanges(LeaderChanges leaderChanges);

    R nodesReady(NodesReady nodesReady);

    R nodeNotReady(NodeNotReady nodeNotReady);

    R noNodeNotReady(NoNodeNotReady noNodeNotReady);

    R restarted(Restarted restarted);

    R snapshotPresent(SnapshotPresent snapshotPresent);

    R nodeVersions(NodeVersions nodeVersions);

    R unschedulableAtMost(UnschedulableAtMost unschedulableAtMost);

    R pendingAtMost(PendingAtMost pendingAtMost);

    R scheduledWithin(ScheduledWithin scheduledWithin);

    R linearizable(Linearizable linearizable);
  }

  <R> R accept(Visitor<R> visitor);

  /** At least {@code atLeast} (0–1) of the probe's determinate samples in the window were ok. */
  record Availability(ProbeKind probe, double atLeast) implements CheckSpec {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.availability(this);
    }
  }

  /** The {@code percentile}th latency of the probe's ok samples in the window is below {@code below}. */
  record Latency(ProbeKind probe, double percentile, Duration below) implements CheckSpec {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.latency(this);
    }
  }

  /** The longest client-visible gap (time from the last ok before a failure to the next ok) is below {@code below}. */
  record Gap(ProbeKind probe, Duration below) implements CheckSpec {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.gap(this);
    }
  }

  /** The probe failed at least once in the window: an expected failure (e.g. writes without quorum). */
  record Fails(ProbeKind probe) implements CheckSpec {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.fails(this);
    }
  }

  /** A final read (recorded when the check ran) finds every write the API acknowledged. */
  record NoLostWrites(@JsonProperty("may_lose") MayLose mayLose) implements CheckSpec {

    public NoLostWrites() {
      this(null);
    }

    /**
     * Writes acknowledged from the start of step {@code from} to the end of step {@code to} may be
     * lost (a snapshot saved at {@code from}, restored at {@code to}): they are counted, not judged.
     */
    public record MayLose(String from, String to) {
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.noLostWrites(this);
    }
  }

  /**
   * The lease of {@code component} (kube-controller-manager, kube-scheduler) went to another node
   * within {@code within} of the window's start; for {@code etcd}, the Raft leader the etcd probe saw.
   */
  record LeadershipMoved(String component, Duration within) implements CheckSpec {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.leadershipMoved(this);
    }
  }

  /**
   * The leader of {@code component} (as for {@link LeadershipMoved}) changed at most
   * {@code atMost} times in the window, counted from the one before it.
   */
  record LeaderChanges(String component, int atMost) implements CheckSpec {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.leaderChanges(this);
    }
  }

  /** {@code count} nodes were Ready at once within {@code within} of the window's start. */
  record NodesReady(int count, Duration within) implements CheckSpec {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.nodesReady(this);
    }
  }

  /** {@code node} was seen NotReady within {@code within} of the window's start. */
  record NodeNotReady(String node, Duration within) implements CheckSpec {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.nodeNotReady(this);
    }
  }

  /** No node was seen NotReady in the window. */
  record NoNodeNotReady() implements CheckSpec {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.noNodeNotReady(this);
    }
  }

  /** The container's restart count on the node grew in the window, and it runs at the window's end. */
  record Restarted(String node, String container) implements CheckSpec {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.restarted(this);
    }
  }

  /** Every etcd node holds a snapshot file in /opt/rke/etcd-snapshots (as listed when the check ran). */
  record SnapshotPresent() implements CheckSpec {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.snapshotPresent(this);
    }
  }

  /** At the window's end (the last nodes sample in it), every node's kubelet reports {@code version}. */
  record NodeVersions(String version) implements CheckSpec {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.nodeVersions(this);
    }
  }

  /** No nodes sample in the window saw more than {@code count} nodes unschedulable (cordoned) at once. */
  record UnschedulableAtMost(int count) implements CheckSpec {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.unschedulableAtMost(this);
    }
  }

  /**
   * Never more than {@code count} pods of the selector ({@code key=value}, comma-separated: all
   * must hold) Pending without a node (waiting for capacity) at once in the window, by the pods
   * probe; a pod placed whose containers are still starting is not waiting.
   */
  record PendingAtMost(String selector, int count) implements CheckSpec {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.pendingAtMost(this);
    }
  }

  /**
   * Every pod of the selector seen without a node in the window had one within {@code within} of
   * the window's start (e.g. from the {@code up} that adds a worker), by the pods probe.
   */
  record ScheduledWithin(String selector, Duration within) implements CheckSpec {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.scheduledWithin(this);
    }
  }

  /**
   * The probe's operations in the window (api_cas: reads and compare-and-sets of one ConfigMap)
   * linearize against a compare-and-set register; the search for an order gives up after {@code
   * maxSteps} steps (unknown, never a pass).
   */
  record Linearizable(ProbeKind probe, @JsonProperty("max_steps") long maxSteps) implements CheckSpec {
    public Linearizable {
      if (maxSteps < 1) {
        throw new IllegalArgumentException("max_steps must be at least 1");
      }
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.linearizable(this);
    }
  }
}
