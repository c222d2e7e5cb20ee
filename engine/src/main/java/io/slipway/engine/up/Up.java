package io.slipway.engine.up;

import io.slipway.engine.BadInputException;
import io.slipway.engine.SlipwayException;
import io.slipway.engine.config.AddonIncludes;
import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.Role;
import io.slipway.engine.event.Event;
import io.slipway.engine.event.EventSink;
import io.slipway.engine.exec.AddonJob;
import io.slipway.engine.exec.Change;
import io.slipway.engine.exec.Executor;
import io.slipway.engine.exec.FileContents;
import io.slipway.engine.exec.HostStepRunner;
import io.slipway.engine.exec.Outcome;
import io.slipway.engine.pki.ClusterCertificates;
import io.slipway.engine.pki.ClusterPki;
import io.slipway.engine.host.Host;
import io.slipway.engine.pki.Fingerprint;
import io.slipway.engine.pki.TlsContexts;
import io.slipway.engine.plan.AddonChange;
import io.slipway.engine.plan.ContainerSpec;
import io.slipway.engine.plan.FileChange;
import io.slipway.engine.plan.FileSource;
import io.slipway.engine.plan.Observed;
import io.slipway.engine.plan.Plan;
import io.slipway.engine.plan.PlanChanges;
import io.slipway.engine.plan.Planner;
import io.slipway.engine.plan.Step;
import io.slipway.engine.state.ClusterState;
import io.slipway.engine.state.RkeState;
import io.slipway.engine.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code slipway up}, stage by stage: load the state the last run left; connect to every node
 * (refusing, when the state holds no certificates, to deploy over a cluster that already runs:
 * a lost state file must not become a new CA); look at what each node runs, and refuse state
 * that does not match it; issue (or keep) the certificates and save them at once, so a re-run
 * after a failure reuses them; plan against what was seen (the diff decides every container
 * change); run the plan; write the kubeconfig; record the nodes and their containers as deployed.
 */
public final class Up {

  /**
   * What a run did: its outcome, every change it made (containers as the diff decided, etcd
   * membership, Node objects, addons applied), the removed nodes it could not reach and so left
   * as they were, the plan it ran, and what went wrong without failing it (a system addon that
   * could not be deployed, which RKE too only warns about).
   */
  public record Result(Outcome outcome, List<Change> changes, List<String> leftAsTheyWere, Plan plan,
      List<String> warnings) {
    public Result {
      changes = List.copyOf(changes);
      leftAsTheyWere = List.copyOf(leftAsTheyWere);
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * What {@code up} would do now ({@code slipway plan} on a deployed cluster): the plan made
   * against what the hosts (or the state file) show, the files it would change, where the
   * observation came from, and the addons it would apply again (found by reading their
   * ConfigMaps and jobs; none when the hosts were not looked at). Nothing was written to any host
   * to get it.
   */
  public record Preview(Plan plan, List<FileChange> files, Observed observed, List<AddonChange> addons) {
    public Preview {
      files = List.copyOf(files);
      addons = List.copyOf(addons);
    }

    public Preview(Plan plan, List<FileChange> files, Observed observed) {
      this(plan, files, observed, List.of());
    }

    /** Everything {@code up} would change, as {@code slipway plan} lists it. */
    public PlanChanges changes() {
      return PlanChanges.of(plan, files, addons);
    }
  }

  private static final Duration ADDON_READ_TIMEOUT = Duration.ofSeconds(10);

  private final Clock clock;

  public Up(Clock clock) {
    this.clock = clock;
  }

  public Result run(ClusterConfig config, UpOptions options, EventSink events) {
    refuseUnreadableAddons(config);
    StateStore.Saved saved = load(options.stateFile());
    VersionChange.refuseDowngrade(saved.cluster(), config);
    try (ConnectHosts.Connected connected = stage(events, () -> ConnectHosts.run(config, saved.cluster(), options),
        c -> "connected to " + hosts(c.hosts().size()))) {
      // as RKE, the ports are checked when nodes join
      boolean joining = addsNodes(config, saved.cluster());
      stage(events, () -> Preflight.run(config, connected.hosts(), joining, options.parallelism()),
          joining ? "checked the nodes: swap, and the ports between their roles" : "checked the nodes: swap");
      Observed observed = stage(events, () -> observe(config, connected, saved.cluster(), options),
          o -> "looked at what the hosts run");
      if (saved.certificates().isEmpty()) {
        stage(events, () -> ExistingCluster.refuseIfFound(connected.hosts(), observed, options.stateFile(),
            options.parallelism()), "looked for a cluster's CA on " + hosts(connected.hosts().size()) + ": none");
      }
      ClusterCertificates pki = stage(events, () -> IssueCertificates.run(config, saved, options, clock),
          issued -> saved.certificates().map(kept -> kept == issued ? "kept the certificates"
              : "issued again the certificates whose names changed").orElse("issued the cluster's certificates"));
      return deploy(config, saved, pki, options, events, connected, observed);
    }
  }

  /** The run would fail at its addon step, after changing every host: it stops before touching any. */
  private static void refuseUnreadableAddons(ClusterConfig config) {
    List<String> unreadable = AddonIncludes.unreadable(config);
    if (!unreadable.isEmpty()) {
      throw new BadInputException("addons_include: no readable file at " + String.join(", ", unreadable)
          + " (a relative path is read from the working directory, as RKE reads it)");
    }
  }

  private static boolean addsNodes(ClusterConfig config, ClusterState state) {
    Set<String> known = new HashSet<>();
    state.nodes().forEach(n -> known.add(n.hostname()));
    return config.nodes().stream().anyMatch(n -> !known.contains(n.hostname()));
  }

  /**
   * {@code slipway cert-rotate}: new certificates for the current config (a new CA only when
   * asked), then the same run as {@code up}; the components see new certificate fingerprints and
   * restart, control-plane and etcd nodes one at a time.
   */
  public Result rotateCertificates(ClusterConfig config, UpOptions options, boolean rotateCa, EventSink events) {
    return rotateCertificates(config, options, rotateCa, Set.of(), events);
  }

  /**
   * As {@link #rotateCertificates(ClusterConfig, UpOptions, boolean, EventSink)}, reissuing only
   * the certificates of {@code services} (RKE's {@code cert rotate --service}; empty: all).
   *
   * @throws BadInputException before anything is touched, for a service RKE does not name
   */
  public Result rotateCertificates(ClusterConfig config, UpOptions options, boolean rotateCa, Set<String> services,
      EventSink events) {
    List<String> unknown = services.stream().filter(s -> !ClusterPki.SERVICES.containsKey(s)).sorted().toList();
    if (!unknown.isEmpty()) {
      throw new BadInputException("--service " + String.join(", ", unknown) + ": not a service whose certificates "
          + "rotate; the services are " + String.join(", ", new TreeSet<>(ClusterPki.SERVICES.keySet())));
    }
    refuseUnreadableAddons(config);
    StateStore.Saved saved = load(options.stateFile());
    VersionChange.refuseDowngrade(saved.cluster(), config);
    ClusterCertificates current = saved.certificates().orElseThrow(() -> new SlipwayException(
        options.stateFile() + " holds no certificates: the cluster was never deployed; run `slipway up` first"));
    ClusterCertificates rotated = ClusterPki.rotate(current, config, rotateCa, services, options.keyType(), clock,
        new SecureRandom());
    try (ConnectHosts.Connected connected = stage(events, () -> ConnectHosts.run(config, saved.cluster(), options),
        c -> "connected to " + hosts(c.hosts().size()))) {
      Observed observed = stage(events, () -> observe(config, connected, saved.cluster(), options),
          o -> "looked at what the hosts run");
      return deploy(config, saved, rotated, options, events, connected, observed);
    }
  }

  /**
   * Brings the cluster up on the connected hosts over etcd data just restored from a snapshot,
   * with {@code pki}, the certificates the snapshot was taken with: as a new cluster is brought
   * up (every etcd member at once: a restored cluster has no quorum until a majority runs; no
   * rolling limits), so the state recorded afterwards is that of the restored cluster.
   */
  Result deployRestored(ClusterConfig config, ClusterCertificates pki, UpOptions options, EventSink events,
      ConnectHosts.Connected connected) {
    Observed observed = ObserveHosts.containers(connected.hosts(), connected.unreachableRemoved(),
        options.parallelism());
    // planned as a new cluster; until it is up, the state keeps recording the cluster as it was
    return deploy(config, new StateStore.Saved(ClusterState.EMPTY, Optional.of(pki)), pki, options, events, connected,
        observed, load(options.stateFile()).cluster());
  }

  /**
   * What {@code up} would change, read-only: with {@code offline}, from the state file alone
   * (each node assumed to run what the last run left); otherwise by looking at every node,
   * writing nothing and touching no container. Without a state file, the plan of a new cluster.
   */
  public Preview preview(ClusterConfig config, UpOptions options, boolean offline) {
    StateStore.Saved saved = load(options.stateFile());
    VersionChange.refuseDowngrade(saved.cluster(), config);
    boolean reissue = saved.certificates().map(pki -> !IssueCertificates.fits(pki, config)).orElse(false);
    String fingerprint = saved.certificates().map(pki -> reissue ? "to-be-reissued" : Fingerprint.of(pki)).orElse("");
    if (offline || saved.certificates().isEmpty()) {
      Observed recorded = Observed.recordedIn(saved.cluster());
      return new Preview(Planner.plan(config, saved.cluster(), fingerprint, recorded), List.of(), recorded);
    }
    try (ConnectHosts.Connected connected = ConnectHosts.run(config, saved.cluster(), options)) {
      Observed observed = observe(config, connected, saved.cluster(), options);
      Plan plan = Planner.plan(config, saved.cluster(), fingerprint, observed);
      Observed withFiles = ObserveHosts.withFiles(observed, connected.hosts(), plan, options.parallelism());
      ClusterCertificates pki = saved.certificates().get();
      // certificates up would reissue have no bytes yet: every file of one counts as changed
      Function<FileSource, byte[]> content = source -> reissue && source instanceof FileSource.Pki ? new byte[0]
          : FileContents.of(source, pki);
      return new Preview(plan, FileChange.between(plan, content, withFiles), withFiles,
          pendingAddons(plan, connected, pki));
    }
  }

  /** The addons of {@code plan} that {@code up} would apply again, read through the hosts their steps run on. */
  private static List<AddonChange> pendingAddons(Plan plan, ConnectHosts.Connected connected, ClusterCertificates pki) {
    List<AddonChange> pending = new ArrayList<>();
    SSLContext admin = TlsContexts.verifying(pki.require("kube-ca").certificate(), pki.require("kube-admin"));
    for (Step step : plan.steps()) {
      Host host = connected.hosts().get(step.id().host());
      if (step instanceof Step.DeployAddon deploy) {
        String reason;
        try {
          reason = host == null ? "its node is not connected" : new AddonJob(host, admin, ADDON_READ_TIMEOUT)
              .pendingChange(deploy).orElse(null);
        } catch (RuntimeException e) {
          reason = "its ConfigMap could not be read (" + e.getMessage() + "); up applies it if it changed";
        }
        if (reason != null) {
          pending.add(new AddonChange(step.id().host(), deploy.addon().name(), reason));
        }
      } else if (step instanceof Step.RemoveAddon remove && host != null) {
        try {
          new AddonJob(host, admin, ADDON_READ_TIMEOUT).pendingRemoval(remove)
              .ifPresent(reason -> pending.add(new AddonChange(step.id().host(), remove.addon(), reason, true)));
        } catch (RuntimeException e) {
          pending.add(new AddonChange(step.id().host(), remove.addon(), "its deploy job could not be read ("
              + e.getMessage() + "); up removes it if it was deployed", true));
        }
      }
    }
    return pending;
  }

  /**
   * Slipway's state file; where there is none but RKE's {@code cluster.rkestate} lies beside it,
   * the cluster RKE built, with RKE's CA and certificates, so that nothing is issued anew.
   */
  static StateStore.Saved load(Path stateFile) {
    if (Files.exists(stateFile)) {
      return StateStore.load(stateFile);
    }
    return RkeState.read(RkeState.besideStateFile(stateFile)).orElse(StateStore.Saved.NONE);
  }

  /** Does {@code work}, then tells {@code events} it is done, in the words {@code said} gives its result, and how long it took. */
  private <T> T stage(EventSink events, Supplier<T> work, Function<T, String> said) {
    long start = System.nanoTime();
    T result = work.get();
    events.accept(new Event.Stage(said.apply(result), Duration.ofNanos(System.nanoTime() - start), clock.instant()));
    return result;
  }

  /** As above, for a stage that gives nothing back: {@code said} once it is done. */
  private void stage(EventSink events, Runnable work, String said) {
    stage(events, () -> {
      work.run();
      return null;
    }, ignored -> said);
  }

  private static String hosts(int n) {
    return n + (n == 1 ? " host" : " hosts");
  }

  /** Whether {@code options}' run takes over a cluster RKE built (RKE's state, no Slipway state yet). */
  public static boolean adoptsRkeState(UpOptions options) {
    return !Files.exists(options.stateFile()) && Files.isRegularFile(RkeState.besideStateFile(options.stateFile()));
  }

  private static Observed observe(ClusterConfig config, ConnectHosts.Connected connected, ClusterState state,
      UpOptions options) {
    Observed observed = ObserveHosts.containers(connected.hosts(), connected.unreachableRemoved(),
        options.parallelism());
    StateMismatch.refuseIfEtcdIsGone(state, observed, options.stateFile());
    List<String> members = state.nodes().stream().filter(n -> n.roles().contains(Role.ETCD))
        .map(ClusterState.NodeRecord::hostname).toList();
    return ObserveHosts.withEtcdData(observed, connected.hosts(), members, Planner.etcdDataPath(config),
        options.parallelism());
  }

  /** Saves the certificates before any host is changed, then plans and runs the plan on the connected hosts. */
  private Result deploy(ClusterConfig config, StateStore.Saved saved, ClusterCertificates pki, UpOptions options,
      EventSink events, ConnectHosts.Connected connected, Observed observed) {
    return deploy(config, saved, pki, options, events, connected, observed, saved.cluster());
  }

  /** As above, with {@code recorded} as the cluster the state file records until the run succeeds. */
  private Result deploy(ClusterConfig config, StateStore.Saved saved, ClusterCertificates pki, UpOptions options,
      EventSink events, ConnectHosts.Connected connected, Observed observed, ClusterState recorded) {
    StateStore.save(options.stateFile(), new StateStore.Saved(recorded, Optional.of(pki)));
    Plan plan = Planner.plan(config, saved.cluster(), Fingerprint.of(pki), observed);
    // files already held as planned are not written again: a re-run of an unchanged cluster opens no write session
    Observed withFiles = stage(events, () -> ObserveHosts.withFiles(observed, connected.hosts(), plan,
        options.parallelism()), o -> "looked at the files the plan writes");
    HostStepRunner runner = new HostStepRunner(connected.hosts(), pki, withFiles);
    Outcome outcome = new Executor(ExecutorLimits.of(config, saved.cluster(), options.parallelism()), runner, events,
        clock).execute(plan);
    if (!outcome.ok()) {
      throw new UpFailedException(outcome.failed(), outcome.skipped().size());
    }
    WriteKubeconfig.run(config, pki, options.kubeconfigFile());
    StateStore.Saved deployed = new StateStore.Saved(deployed(config, plan), Optional.of(pki));
    StateStore.save(options.stateFile(), deployed);
    try {
      StateInCluster.storeThroughAny(config, connected.hosts(), pki, StateStore.bytes(deployed));
    } catch (SlipwayException e) {
      throw new SlipwayException("the cluster is up and " + options.stateFile() + " written, but its copy in the "
          + "cluster was not: " + e.getMessage() + "\nrun the command again to store it");
    }
    return new Result(outcome, runner.changes(), connected.unreachableRemoved(), plan, runner.warnings());
  }

  /** The nodes of {@code config}, each with the spec hash of every container {@code plan} left it running. */
  private static ClusterState deployed(ClusterConfig config, Plan plan) {
    Map<String, Map<String, String>> containers = new LinkedHashMap<>();
    for (Step step : plan.steps()) {
      if (step instanceof Step.RunContainer run) {
        containers.computeIfAbsent(run.id().host(), h -> new LinkedHashMap<>()).put(run.spec().name(),
            run.spec().labels().get(ContainerSpec.HASH_LABEL));
      }
    }
    return new ClusterState(config.nodes().stream().map(n -> new ClusterState.NodeRecord(n.hostname(), n.address(),
        n.internalAddress(), n.roles(), new ClusterState.Ssh(n.sshPort(), n.user(), n.sshKeyPath(), n.dockerSocket()),
        containers.getOrDefault(n.hostname(), Map.of()))).toList(), config.kubernetesVersion());
  }
}
