package io.slipway.engine.cli;

import io.slipway.engine.up.FromState;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code slipway util}: RKE's {@code rke util}, for what the state file alone can give. */
@Command(name = "util", mixinStandardHelpOptions = true, description = "Utilities over the cluster's state file.",
    subcommands = UtilCommand.GetKubeconfig.class)
public final class UtilCommand {

  /** {@code slipway util get-kubeconfig}: writes kube_config_cluster.yml anew from the state's certificates. */
  @Command(name = "get-kubeconfig", mixinStandardHelpOptions = true,
      description = "Write the admin kubeconfig (kube_config_<cluster file>, 0600) anew from the state file "
          + "(Slipway's, or RKE's cluster.rkestate). Touches no host.")
  static final class GetKubeconfig implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() {
      spec.commandLine().getOut().println("wrote " + FromState.writeKubeconfig(options.load(spec.commandLine().getErr())
          .config(), options.file));
      return ExitCode.OK.code();
    }
  }
}
