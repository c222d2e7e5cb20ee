package io.slipway.engine.cli;

import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.plan.Plan;
import io.slipway.engine.plan.Planner;
import io.slipway.engine.plan.render.PlanDot;
import io.slipway.engine.plan.render.PlanJson;
import io.slipway.engine.plan.render.PlanText;
import io.slipway.engine.state.ClusterState;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slipway plan -c cluster.yml [--format text|json|dot]}: what {@code up} would do, before it does it. */
@Command(name = "plan", mixinStandardHelpOptions = true,
    description = "Print the steps `up` would run, per phase and host, with their order; touches no host.")
public final class PlanCommand implements Callable<Integer> {

  /** Output formats of a plan. */
  public enum Format { TEXT, JSON, DOT }

  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions options;

  @Option(names = "--format", defaultValue = "text", paramLabel = "text|json|dot",
      converter = FormatConverter.class, description = "Output format (default ${DEFAULT-VALUE}).")
  Format format;

  @Override
  public Integer call() {
    ConfigLoader.Loaded loaded = options.load(spec.commandLine().getErr());
    Plan plan = Planner.plan(loaded.config(), ClusterState.EMPTY);
    String text = switch (format) {
      case TEXT -> PlanText.render(plan);
      case JSON -> PlanJson.render(plan);
      case DOT -> PlanDot.render(plan);
    };
    spec.commandLine().getOut().print(text);
    spec.commandLine().getOut().flush();
    return ExitCode.OK.code();
  }

  /** Accepts the format in any case. */
  static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
    @Override
    public Format convert(String value) {
      return Format.valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
  }
}
