package io.slipway.standin.controller;

import io.slipway.engine.config.Durations;
import io.slipway.standin.ControlLoopCommand;
import io.slipway.standin.NodeClock;
import io.slipway.standin.client.ApiAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kube-controller-manager} with the real one's flags; while leading, runs the workload
 * controllers and, on a loop of its own, the Job controller, each when what it acts on changes (a
 * watch reports it) and every five seconds besides, and the node lifecycle controller every
 * {@code --node-monitor-period}.
 */
@Command(name = "kube-controller-manager", mixinStandardHelpOptions = true,
    description = "Stand-in kube-controller-manager.")
public final class ControllerManagerCommand extends ControlLoopCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(ControllerManagerCommand.class);
  /**
   * How often the controllers look at the latest (their resync), for what no watch reports: a
   * Job's deadline passing, a watch's gap while it is opened again. Each pass lists every kind it
   * acts on, so this is most of what an idle cluster's control plane does.
   */
  private static final Duration RESYNC = Duration.ofSeconds(5);
  /**
   * What the workload controllers own or act on; a change to any runs them, as informers wake the
   * real ones. Nodes only as they come and go (DaemonSets place a pod on each): every heartbeat
   * changes a node, and the node lifecycle controller runs on a period of its own.
   */
  private static final List<Watched> WORKLOADS_WATCH = List.of(new Watched("/api/v1/pods", null),
      new Watched("/apis/apps/v1/replicasets", null), new Watched("/apis/apps/v1/deployments", null),
      new Watched("/apis/apps/v1/daemonsets", null), new Watched("/api/v1/services", null),
      new Watched("/api/v1/namespaces", null), new Watched("/api/v1/serviceaccounts", null),
      new Watched(DisruptionController.BUDGETS, null), new Watched("/api/v1/nodes", null, Set.of("ADDED", "DELETED")));
  /** What the Job controller acts on: its Jobs and their pods. */
  private static final List<Watched> JOBS_WATCH = List.of(new Watched(JobController.JOBS, null),
      new Watched("/api/v1/pods", null));

  @Option(names = "--node-monitor-grace-period", defaultValue = "40s")
  String gracePeriod;

  @Option(names = "--node-monitor-period", defaultValue = "5s")
  String monitorPeriod;

  @Option(names = "--port", defaultValue = "10252", description = "Insecure /healthz port (0 disables it).")
  int port;

  @Option(names = "--secure-port", defaultValue = "10257")
  int securePort;

  @Option(names = "--root-ca-file", description = "CA written into service-account token secrets; else the kubeconfig's.")
  Path rootCaFile;

  /**
   * Two loops, as the real controllers each run on their own: the workload controllers with the
   * node lifecycle controller, and the Job controller, whose Jobs (RKE's addon deploys, one after
   * another) wait for no pass over DaemonSets and Deployments creating pods elsewhere.
   */
  @Override
  public Integer call() {
    NodeLifecycleController nodes = new NodeLifecycleController(Durations.parse(gracePeriod), NodeClock.get(),
        System::nanoTime);
    Workloads workloads = new Workloads(NodeClock.get(), rootCa());
    JobController jobs = new JobController(NodeClock.get());
    Duration monitor = Durations.parse(monitorPeriod);
    long monitorNanos = monitor.toNanos();
    long[] lastMonitor = {System.nanoTime() - monitorNanos};
    Duration period = monitor.compareTo(RESYNC) < 0 ? monitor : RESYNC;
    // each node gets a full grace period from an election on: heartbeats missed while another led are not held against it
    Loop workloadLoop = new Loop("workloads", period, WORKLOADS_WATCH, client -> {
      workloads.sync(client);
      if (System.nanoTime() - lastMonitor[0] >= monitorNanos) {
        lastMonitor[0] = System.nanoTime();
        nodes.sync(client);
      }
    }, nodes::forget);
    return run(LOG, "kube-controller-manager", port, securePort,
        List.of(workloadLoop, new Loop("job", RESYNC, JOBS_WATCH, jobs::sync)));
  }

  private byte[] rootCa() {
    Path file = rootCaFile != null ? rootCaFile : ApiAccess.read(kubeconfig).certificateAuthority();
    if (file == null) {
      return new byte[0];
    }
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the root CA " + file, e);
    }
  }
}
