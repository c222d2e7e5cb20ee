package io.slipway.engine.cli;

import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.Role;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code slipway validate -c cluster.yml}: checks the file and contacts no host. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Check a cluster.yml and report every problem with its line and column; touches no host.")
public final class ValidateCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions options;

  @Override
  public Integer call() {
    ConfigLoader.Loaded loaded = options.load(spec.commandLine().getErr());
    var nodes = loaded.config().nodes();
    spec.commandLine().getOut().printf("%s: valid; %d nodes (%d etcd, %d controlplane, %d worker), Kubernetes %s%n",
        options.file, nodes.size(), count(loaded, Role.ETCD), count(loaded, Role.CONTROLPLANE),
        count(loaded, Role.WORKER), loaded.config().kubernetesVersion());
    return ExitCode.OK.code();
  }

  private static long count(ConfigLoader.Loaded loaded, Role role) {
    return loaded.config().nodes().stream().filter(n -> n.has(role)).count();
  }
}
