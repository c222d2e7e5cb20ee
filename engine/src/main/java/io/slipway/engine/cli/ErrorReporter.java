package io.slipway.engine.cli;

import io.slipway.engine.BadInputException;
import io.slipway.engine.SlipwayException;
import io.slipway.engine.config.ConfigException;
import java.io.PrintWriter;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;

/**
 * Prints a failed command's error once, plainly: the message (which leads with its location),
 * then a hint, and the stack trace only when verbose. Maps failures to exit codes:
 * bad input 2, anything else 1.
 */
public final class ErrorReporter implements CommandLine.IExecutionExceptionHandler, CommandLine.IExitCodeExceptionMapper {

  private final BooleanSupplier verbose;

  public ErrorReporter(BooleanSupplier verbose) {
    this.verbose = verbose;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine command, CommandLine.ParseResult parseResult) {
    PrintWriter err = command.getErr();
    if (e instanceof ConfigException config) {
      err.println(config.getMessage());
    } else if (e instanceof SlipwayException slipway) {
      err.println("error: " + slipway.getMessage());
      if (!slipway.hint().isEmpty()) {
        err.println("  hint: " + slipway.hint());
      }
    } else {
      // no Java class names for users: the message, and where to look for more
      err.println("error: " + (e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage()
          : "an unexpected internal failure") + (verbose.getAsBoolean() ? "" : " (-v shows where it happened)"));
    }
    if (verbose.getAsBoolean()) {
      e.printStackTrace(err);
    }
    err.flush();
    return getExitCode(e);
  }

  @Override
  public int getExitCode(Throwable exception) {
    // an unknown command or option is bad input as much as a bad file is
    return exception instanceof BadInputException || exception instanceof CommandLine.ParameterException
        ? ExitCode.BAD_INPUT.code() : ExitCode.FAILED.code();
  }
}
