package io.slipway.engine.up;

import io.slipway.engine.SlipwayException;
import io.slipway.engine.config.Role;
import io.slipway.engine.plan.Observed;
import io.slipway.engine.state.ClusterState;
import java.nio.file.Path;
import java.util.List;

/**
 * Guards against state that no longer matches the hosts. A state file that records etcd
 * members makes {@code up} roll etcd one member at a time, each checked before the next; on
 * nodes that run no etcd (new machines behind the old names, or a cluster whose containers were
 * lost) the first member can never be healthy, since no quorum is left to join. So when no etcd
 * node of the state runs an etcd container, the run stops before anything changes and says
 * what it found.
 */
final class StateMismatch {

  private StateMismatch() {
  }

  static void refuseIfEtcdIsGone(ClusterState state, Observed observed, Path stateFile) {
    List<ClusterState.NodeRecord> members = state.nodes().stream().filter(n -> n.roles().contains(Role.ETCD))
        .filter(n -> observed.containers().containsKey(n.hostname())).toList();
    if (members.isEmpty() || members.stream().anyMatch(n -> observed.runs(n.hostname(), Role.ETCD))) {
      return;
    }
    throw new EtcdGoneException(stateFile, members.stream().map(n -> n.hostname() + " (" + (observed.on(n.hostname())
        .isEmpty() ? "no Slipway container at all" : "no etcd; " + observed.on(n.hostname()).size()
        + " other Slipway containers") + ")").toList(), members.stream().allMatch(n -> observed.on(n.hostname())
        .isEmpty()));
  }

  /** The state records etcd members, and none of the nodes runs etcd. */
  static final class EtcdGoneException extends SlipwayException {
    private static final long serialVersionUID = 1L;
    private final transient Path stateFile;
    private final boolean blank;

    EtcdGoneException(Path stateFile, List<String> found, boolean blank) {
      super(stateFile + " records a cluster whose etcd members run no etcd: " + String.join(", ", found)
          + ". Rolling etcd onto them would wait for a quorum that can never form; nothing was changed.");
      this.stateFile = stateFile;
      this.blank = blank;
    }

    @Override
    public String hint() {
      String restart = "if these are new machines, start from no state: move " + stateFile + " aside and run "
          + "`slipway up` again (a new cluster with a new CA)";
      String restore = "if the containers were lost on the same machines, restore etcd's data (/var/lib/etcd, or a "
          + "snapshot from /opt/rke/etcd-snapshots) on at least a quorum of them before running `slipway up` again";
      return blank ? restart + "; " + restore : restore + "; " + restart;
    }
  }
}
