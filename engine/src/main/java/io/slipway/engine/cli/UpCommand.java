package io.slipway.engine.cli;

import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.state.RkeState;
import io.slipway.engine.up.Up;
import io.slipway.engine.up.UpOptions;
import io.slipway.engine.up.VersionChange;
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

  @Mixin
  ProgressOptions progress;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ConfigLoader.Loaded loaded = options.load(spec.commandLine().getErr());
    UpOptions up = hosts.upOptions(options.file);
    if (Up.adoptsRkeState(up)) {
      out.println("Taking over the cluster RKE built: its CA and certificates come from "
          + RkeState.besideStateFile(up.stateFile()) + " (read, not changed); Slipway's state goes to " + up.stateFile());
    }
    VersionChange.warning(loaded.config(), up).ifPresent(out::println);
    Up.Result result = new Up(Clock.systemUTC()).run(loaded.config(), up, progress.sink(out));
    progress.summary(out, result, String.format("Cluster %s is up", loaded.config().clusterName()), up);
    return ExitCode.OK.code();
  }
}
