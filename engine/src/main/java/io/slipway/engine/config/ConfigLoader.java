package io.slipway.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a cluster.yml: parse (keeping positions), check the shape of every value, bind what
 * has the right shape to {@link ClusterConfig}, fill in RKE's defaults, validate. Any error
 * stops here with every problem found, of the shape and of the meaning together; warnings
 * travel with the result.
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
    List<Problem> problems = new ArrayList<>(source.problems());
    ShapeChecker shape = new ShapeChecker(source, strictness, problems);
    JsonNode bindable = shape.check(source.root(), ClusterConfig.class, "");
    if (bindable == null) {  // the document is not a mapping at all
      throw new ConfigException(problems);
    }
    ClusterConfig config = Defaults.apply(source.bind(bindable, ClusterConfig.class));
    List<String> refused = shape.refused();
    // what the shape check refused was left out, so a later check may find it "missing": say it once
    Validator.validate(source, config).stream()
        .filter(p -> refused.stream().noneMatch(path -> YamlSource.isWithin(p.path(), path)))
        .forEach(problems::add);
    if (problems.stream().anyMatch(Problem::isError)) {
      throw new ConfigException(problems);
    }
    return new Loaded(config, source, problems.stream().sorted(Problem.BY_POSITION).toList());
  }
}
