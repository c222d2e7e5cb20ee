package io.slipway.standin.scheduler;

import io.slipway.standin.ControlLoopCommand;
import io.slipway.standin.NodeClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kube-scheduler} with the real one's flags; schedules every second while leading. */
@Command(name = "kube-scheduler", mixinStandardHelpOptions = true, description = "Stand-in kube-scheduler.")
public final class SchedulerCommand extends ControlLoopCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(SchedulerCommand.class);

  @Option(names = "--port", defaultValue = "10251", description = "Insecure /healthz port (0 disables it).")
  int port;

  @Option(names = "--secure-port", defaultValue = "10259")
  int securePort;

  @Override
  public Integer call() {
    Scheduler scheduler = new Scheduler(NodeClock.get());
    // a pass every second, and at once when a pod without a node appears
    return run(LOG, "kube-scheduler", port, securePort, List.of(new Loop("scheduling", Duration.ofSeconds(1),
        List.of(new Watched("/api/v1/pods", "spec.nodeName=")), scheduler::schedule)));
  }
}
