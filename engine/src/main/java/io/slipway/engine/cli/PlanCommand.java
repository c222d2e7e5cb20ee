package io.slipway.engine.cli;

import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.plan.Observed;
import io.slipway.engine.plan.Plan;
import io.slipway.engine.plan.PlanChanges;
import io.slipway.engine.plan.Planner;
import io.slipway.engine.plan.render.ChangesJson;
import io.slipway.engine.plan.render.ChangesText;
import io.slipway.engine.plan.render.PlanDot;
import io.slipway.engine.plan.render.PlanJson;
import io.slipway.engine.plan.render.PlanText;
import io.slipway.engine.state.ClusterState;
import io.slipway.engine.up.Up;
import io.slipway.engine.up.UpOptions;
import io.slipway.engine.up.VersionChange;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code slipway plan -c cluster.yml}: what {@code up} would do, before it does it. Beside a
 * state file (a deployed cluster) it looks at every node read-only (or, {@code --offline}, at
 * the state file alone) and lists what would change; without one, every step of a new cluster.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
    description = {"Show what `up` would do. On a deployed cluster (a state file beside cluster.yml): connect to every "
        + "node read-only, touching nothing, and list per host what would be created, replaced, started or removed, "
        + "and which files would change. On a new cluster: every step, per phase and host.",
        "Exit codes: 0 done, 2 bad input, 3 changes pending (only with --detailed-exitcode)."})
public final class PlanCommand implements Callable<Integer> {

  /** Output formats of a plan. */
  public enum Format { TEXT, JSON, DOT }

  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions options;

  @Mixin
  HostOptions hosts;

  @Option(names = "--format", defaultValue = "text", paramLabel = "text|json|dot",
      converter = FormatConverter.class, description = "Output format (default ${DEFAULT-VALUE}); dot is the step graph.")
  Format format;

  @Option(names = "--offline", description = "Plan from the state file alone: assume every node runs what the last "
      + "`up` left it, and contact none.")
  boolean offline;

  @Option(names = "--steps", description = "List every step of the plan, as for a new cluster, instead of the changes.")
  boolean steps;

  @Option(names = "--detailed-exitcode", description = "Exit 3 when `up` would change something (0 when nothing).")
  boolean detailedExitCode;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ConfigLoader.Loaded loaded = options.load(spec.commandLine().getErr());
    UpOptions up = hosts.upOptions(options.file);
    boolean deployed = Files.exists(up.stateFile());
    if (deployed) {
      VersionChange.warning(loaded.config(), up).ifPresent(spec.commandLine().getErr()::println);
    }
    Up.Preview preview = deployed ? new Up(Clock.systemUTC()).preview(loaded.config(), up, offline)
        : new Up.Preview(Planner.plan(loaded.config(), ClusterState.EMPTY), List.of(), Observed.NOTHING);
    PlanChanges changes = preview.changes();
    out.print(render(preview, changes, deployed && !steps));
    out.flush();
    return detailedExitCode && changes.any() ? ExitCode.CHANGES_PENDING.code() : ExitCode.OK.code();
  }

  private String render(Up.Preview preview, PlanChanges changes, boolean changesOnly) {
    Plan plan = preview.plan();
    List<String> untouched = List.copyOf(preview.observed().unreachable());
    String source = preview.observed().source().name().toLowerCase(Locale.ROOT);
    return switch (format) {
      case TEXT -> changesOnly ? ChangesText.render(changes, against(preview), untouched) : PlanText.render(plan);
      case JSON -> changesOnly ? ChangesJson.render(changes, source, untouched) : PlanJson.render(plan);
      case DOT -> PlanDot.render(plan);
    };
  }

  private static String against(Up.Preview preview) {
    int hosts = preview.observed().containers().size();
    return switch (preview.observed().source()) {
      case HOSTS -> "the " + hosts + " nodes as they are (looked at read-only)";
      case STATE -> "the state file (" + hosts + " nodes as the last `up` left them; no node contacted)";
    };
  }

  /** Accepts the format in any case. */
  static final class FormatConverter implements ITypeConverter<Format> {
    @Override
    public Format convert(String value) {
      return Format.valueOf(value.toUpperCase(Locale.ROOT));
    }
  }
}
