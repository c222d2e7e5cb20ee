package io.slipway.engine.cli;

import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.event.Event;
import io.slipway.engine.up.Up;
import io.slipway.engine.up.UpOptions;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code slipway up -c cluster.yml}: deploy or converge the cluster over SSH + Docker. */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = "Deploy the cluster in cluster.yml, or bring it to what the file says; a second run changes nothing.")
public final class UpCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions options;

  @Mixin
  HostOptions hosts;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ConfigLoader.Loaded loaded = options.load(spec.commandLine().getErr());
    UpOptions up = hosts.upOptions(options.file);
    Up.Result result = new Up(Clock.systemUTC()).run(loaded.config(), up, event -> print(out, event));
    out.printf("Cluster %s is up: %d steps, %d container changes, %.1f s.%n", loaded.config().clusterName(),
        result.outcome().succeeded().size(), result.containerChanges().size(), result.outcome().took().toMillis() / 1000.0);
    out.println("kubeconfig: " + up.kubeconfigFile());
    out.flush();
    return ExitCode.OK.code();
  }

  /** One plain line per finished or failed step, prefixed with phase and host. */
  static synchronized void print(PrintWriter out, Event event) {
    if (event instanceof Event.StepSucceeded done) {
      out.printf("[%s] %s: %s ok (%.1f s)%n", done.phase().label(), done.step().host(), done.step().name(),
          done.took().toMillis() / 1000.0);
    } else if (event instanceof Event.StepFailed failed) {
      out.printf("[%s] %s: %s FAILED (attempt %d%s): %s%n", failed.phase().label(), failed.step().host(),
          failed.step().name(), failed.attempt(), failed.last() ? ", giving up" : ", retrying", failed.error());
    } else if (event instanceof Event.StepSkipped skipped) {
      out.printf("[%s] %s: %s skipped (waits for failed %s)%n", skipped.phase().label(), skipped.step().host(),
          skipped.step().name(), skipped.failedDependency());
    }
    out.flush();
  }
}
