package io.slipway.engine.up;

import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.event.EventSink;
import io.slipway.engine.exec.Executor;
import io.slipway.engine.exec.HostStepRunner;
import io.slipway.engine.exec.Outcome;
import io.slipway.engine.host.Host;
import io.slipway.engine.pki.ClusterCertificates;
import io.slipway.engine.plan.Plan;
import io.slipway.engine.plan.Planner;
import io.slipway.engine.state.ClusterState;
import io.slipway.engine.state.StateStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code slipway up}, stage by stage: load the state the last run left; connect to every node
 * (refusing, when the state holds no certificates, to deploy over a cluster that already runs:
 * a lost state file must not become a new CA); issue (or keep) the certificates and save them
 * at once, so a re-run after a failure reuses them; plan; run the plan; write the kubeconfig;
 * record the nodes as deployed.
 */
public final class Up {

  /** What a run did: its outcome and every container it changed. */
  public record Result(Outcome outcome, List<String> containerChanges, Plan plan) {
  }

  private final Clock clock;

  public Up(Clock clock) {
    this.clock = clock;
  }

  public Result run(ClusterConfig config, UpOptions options, EventSink events) {
    StateStore.Saved saved = StateStore.load(options.stateFile());
    try (ConnectHosts.Connected connected = ConnectHosts.run(config, saved.cluster(), options)) {
      if (saved.certificates().isEmpty()) {
        ExistingCluster.refuseIfFound(connected.hosts(), options.stateFile());
      }
      return deploy(config, saved, IssueCertificates.run(config, saved, options, clock), options, events, connected);
    }
  }

  /**
   * {@code slipway cert-rotate}: new certificates for the current config (a new CA only when
   * asked), then the same run as {@code up}; the components see new certificate fingerprints and
   * restart, control-plane and etcd nodes one at a time.
   */
  public Result rotateCertificates(ClusterConfig config, UpOptions options, boolean rotateCa, EventSink events) {
    StateStore.Saved saved = StateStore.load(options.stateFile());
    ClusterCertificates current = saved.certificates().orElseThrow(() -> new io.slipway.engine.SlipwayException(
        options.stateFile() + " holds no certificates: the cluster was never deployed; run `slipway up` first"));
    ClusterCertificates rotated = io.slipway.engine.pki.ClusterPki.rotate(current, config, rotateCa, options.keyType(),
        clock, new java.security.SecureRandom());
    try (ConnectHosts.Connected connected = ConnectHosts.run(config, saved.cluster(), options)) {
      return deploy(config, saved, rotated, options, events, connected);
    }
  }

  /** Saves the certificates before any host is changed, then plans and runs the plan on the connected hosts. */
  private Result deploy(ClusterConfig config, StateStore.Saved saved, ClusterCertificates pki, UpOptions options,
      EventSink events, ConnectHosts.Connected connected) {
    StateStore.save(options.stateFile(), new StateStore.Saved(saved.cluster(), Optional.of(pki)));
    Plan plan = Planner.plan(config, saved.cluster(), io.slipway.engine.pki.Fingerprint.of(pki));
    HostStepRunner runner = new HostStepRunner(connected.hosts(), pki, connected.unreachableRemoved());
    Outcome outcome = new Executor(ExecutorLimits.of(config, saved.cluster(), options.parallelism()), runner, events,
        clock).execute(plan);
    if (!outcome.ok()) {
      throw new UpFailedException(outcome.failed(), outcome.skipped().size());
    }
    WriteKubeconfig.run(config, pki, options.kubeconfigFile());
    StateStore.save(options.stateFile(), new StateStore.Saved(deployed(config), Optional.of(pki)));
    return new Result(outcome, runner.containerChanges(), plan);
  }

  private static ClusterState deployed(ClusterConfig config) {
    return new ClusterState(config.nodes().stream().map(n -> new ClusterState.NodeRecord(n.hostname(), n.address(),
        n.internalAddress(), n.roles(), new ClusterState.Ssh(n.sshPort(), n.user(), n.sshKeyPath(), n.dockerSocket())))
        .toList());
  }
}
