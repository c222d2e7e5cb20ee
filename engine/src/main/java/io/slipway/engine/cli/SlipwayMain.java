package io.slipway.engine.cli;

import java.util.Comparator;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code slipway}: the engine's commands (validate, plan, up, cert-rotate), and the commands of
 * every {@link CommandPlugin} on the class path (the testbed's fleet, rehearse and report), so
 * an engine-only distribution deploys real hosts without the testbed's libraries.
 */
@Command(name = "slipway", mixinStandardHelpOptions = true, versionProvider = SlipwayVersion.class,
    description = "Deploy RKE-style HA Kubernetes clusters, and rehearse them on fleets of fake nodes.",
    subcommands = {ValidateCommand.class, PlanCommand.class, UpCommand.class, CertRotateCommand.class, RemoveCommand.class,
        EtcdCommand.class, ConfigCommand.class,
        UtilCommand.class, VersionCommand.class})
public final class SlipwayMain {

  @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
      description = "Show stack traces of failures.")
  boolean verbose;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (for tests). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The whole command line, plugins included, with Slipway's error reporting and exit codes. */
  public static CommandLine commandLine() {
    SlipwayMain main = new SlipwayMain();
    ErrorReporter reporter = new ErrorReporter(() -> main.verbose);
    CommandLine line = new CommandLine(main);
    ServiceLoader.load(CommandPlugin.class).stream().map(ServiceLoader.Provider::get)
        .flatMap(plugin -> plugin.commands().stream()).map(CommandLine::new)
        .sorted(Comparator.comparing(CommandLine::getCommandName)).forEach(line::addSubcommand);
    line.addSubcommand(new CommandLine.HelpCommand());
    return line.setExecutionExceptionHandler(reporter).setExitCodeExceptionMapper(reporter);
  }
}
