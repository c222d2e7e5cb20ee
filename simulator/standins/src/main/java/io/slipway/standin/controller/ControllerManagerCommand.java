package io.slipway.standin.controller;

import io.slipway.engine.config.Durations;
import io.slipway.standin.ControlLoopCommand;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kube-controller-manager} with the real one's flags; runs the node lifecycle controller while leading. */
@Command(name = "kube-controller-manager", mixinStandardHelpOptions = true,
    description = "Stand-in kube-controller-manager.")
public final class ControllerManagerCommand extends ControlLoopCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(ControllerManagerCommand.class);

  @Option(names = "--node-monitor-grace-period", defaultValue = "40s")
  String gracePeriod;

  @Option(names = "--node-monitor-period", defaultValue = "5s")
  String monitorPeriod;

  @Option(names = "--port", defaultValue = "10252", description = "Insecure /healthz port (0 disables it).")
  int port;

  @Option(names = "--secure-port", defaultValue = "10257")
  int securePort;

  @Override
  public Integer call() {
    NodeLifecycleController nodes = new NodeLifecycleController(Durations.parse(gracePeriod), Clock.systemUTC(),
        System::nanoTime);
    return run(LOG, "kube-controller-manager", port, securePort, Durations.parse(monitorPeriod), nodes::sync);
  }
}
