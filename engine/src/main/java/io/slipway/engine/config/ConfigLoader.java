package io.slipway.engine.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a cluster.yml: parse (keeping positions), check the shape of every value, bind to
 * {@link ClusterConfig}, fill in RKE's defaults, validate. Any error stops here with every
 * problem found; warnings travel with the result.
 */
public final class ConfigLoader {

  private ConfigLoader() {
  }

  /** A loaded, defaulted, valid cluster.yml and the warnings it raised. */
  public record Loaded(ClusterConfig config, YamlSource source, List<Problem> warnings) {
  }

  public static Loaded load(Path file, Strictness strictness) {
    return load(YamlSource.read(file), strictness);
  }

  public static Loaded parse(String fileName, String yaml, Strictness strictness) {
    return load(YamlSource.parse(fileName, yaml), strictness);
  }

  private static Loaded load(YamlSource source, Strictness strictness) {
    List<Problem> problems = new ArrayList<>();
    new ShapeChecker(source, strictness, problems).check(source.root(), ClusterConfig.class, "");
    if (problems.stream().anyMatch(Problem::isError)) {
      throw new ConfigException(problems);
    }
    ClusterConfig config = Defaults.apply(source.bind(ClusterConfig.class));
    problems.addAll(Validator.validate(source, config));
    if (problems.stream().anyMatch(Problem::isError)) {
      throw new ConfigException(problems);
    }
    return new Loaded(config, source, problems.stream().sorted(Problem.BY_POSITION).toList());
  }
}
