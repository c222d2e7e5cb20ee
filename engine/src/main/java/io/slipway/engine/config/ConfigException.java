package io.slipway.engine.config;

import io.slipway.engine.BadInputException;
import java.util.List;
import java.util.stream.Collectors;

/** An input file has errors; holds all of them, sorted by position. Exit code 2. */
public final class ConfigException extends BadInputException {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public ConfigException(List<Problem> problems) {
    super(describe(problems));
    this.problems = problems.stream().sorted(Problem.BY_POSITION).toList();
  }

  public List<Problem> problems() {
    return problems;
  }

  private static String describe(List<Problem> problems) {
    long errors = problems.stream().filter(Problem::isError).count();
    String files = problems.stream().map(Problem::file).distinct().sorted().collect(Collectors.joining(", "));
    String lines = problems.stream().sorted(Problem.BY_POSITION).map(Problem::toString)
        .collect(Collectors.joining("\n"));
    long warnings = problems.size() - errors;
    return lines + "\n" + errors + (errors == 1 ? " problem" : " problems")
        + (warnings > 0 ? " (and " + warnings + (warnings == 1 ? " warning)" : " warnings)") : "") + " in " + files
        + "; nothing was changed.";
  }
}
