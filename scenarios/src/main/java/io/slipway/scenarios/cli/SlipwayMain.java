package io.slipway.scenarios.cli;

import io.slipway.engine.cli.CertRotateCommand;
import io.slipway.engine.cli.ErrorReporter;
import io.slipway.engine.cli.PlanCommand;
import io.slipway.engine.cli.UpCommand;
import io.slipway.engine.cli.ValidateCommand;
import io.slipway.simulator.cli.FleetCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slipway}: the command line of the engine, the fleet and scenarios. */
@Command(name = "slipway", mixinStandardHelpOptions = true, versionProvider = SlipwayVersion.class,
    description = "Deploy RKE-style HA Kubernetes clusters, and rehearse them on fleets of fake nodes.",
    subcommands = {ValidateCommand.class, PlanCommand.class, UpCommand.class, CertRotateCommand.class,
        FleetCommand.class, RehearseCommand.class, ReportCommand.class,
        CommandLine.HelpCommand.class})
public final class SlipwayMain {

  @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
      description = "Show stack traces of failures.")
  boolean verbose;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (for tests). */
  public static int run(String... args) {
    SlipwayMain main = new SlipwayMain();
    ErrorReporter reporter = new ErrorReporter(() -> main.verbose);
    return new CommandLine(main)
        .setExecutionExceptionHandler(reporter)
        .setExitCodeExceptionMapper(reporter)
        .execute(args);
  }
}
