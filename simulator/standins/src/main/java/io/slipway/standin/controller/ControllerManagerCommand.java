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
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kube-controller-manager} with the real one's flags; while leading, runs the workload
 * controllers when what they watch changes (every second at the latest) and the node lifecycle
 * controller every {@code --node-monitor-period}.
 */
@Command(name = "kube-controller-manager", mixinStandardHelpOptions = true,
    description = "Stand-in kube-controller-manager.")
public final class ControllerManagerCommand extends ControlLoopCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(ControllerManagerCommand.class);
  /** How often the workload controllers look at the latest (their resync); a watched change runs them at once. */
  private static final Duration WORKLOAD_PERIOD = Duration.ofSeconds(1);
  /** What the workload controllers own or act on; a change to any runs them, as informers wake the real ones. */
  private static final List<Watched> WATCHED = List.of(new Watched("/api/v1/pods", null),
      new Watched("/apis/batch/v1/jobs", null), new Watched("/apis/apps/v1/replicasets", null),
      new Watched("/apis/apps/v1/deployments", null), new Watched("/apis/apps/v1/daemonsets", null));

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

  private NodeLifecycleController nodes;

  @Override
  public Integer call() {
    nodes = new NodeLifecycleController(Durations.parse(gracePeriod), NodeClock.get(), System::nanoTime);
    Workloads workloads = new Workloads(NodeClock.get(), rootCa());
    long monitorNanos = Durations.parse(monitorPeriod).toNanos();
    long[] lastMonitor = {System.nanoTime() - monitorNanos};
    return run(LOG, "kube-controller-manager", port, securePort, WORKLOAD_PERIOD, WATCHED, client -> {
      workloads.sync(client);
      if (System.nanoTime() - lastMonitor[0] >= monitorNanos) {
        lastMonitor[0] = System.nanoTime();
        nodes.sync(client);
      }
    });
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

  /** Each node gets a full grace period from now: heartbeats missed while another led are not held against it. */
  @Override
  protected void elected() {
    nodes.forget();
  }
}
