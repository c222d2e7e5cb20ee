package io.slipway.engine.cli;

import io.slipway.engine.up.FromState;
import io.slipway.engine.up.RetrieveState;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code slipway util}: RKE's {@code rke util}, for what the state file alone can give. */
@Command(name = "util", mixinStandardHelpOptions = true, description = "Utilities over the cluster's state file.",
    subcommands = {UtilCommand.GetKubeconfig.class, UtilCommand.GetStateFile.class})
public final class UtilCommand {

  /** {@code slipway util get-state-file}: the state file rebuilt from the running cluster's copy. */
  @Command(name = "get-state-file", mixinStandardHelpOptions = true,
      description = "Rebuild the state file from the running cluster: each control-plane node's apiserver is asked "
          + "(with that node's own identity, over SSH) for Slipway's Secret kube-system/slipway-cluster-state, "
          + "else RKE's full-cluster-state (written as cluster.rkestate). An existing file is kept as "
          + "FILE.backup-TIME. Changes nothing on any node.")
  static final class GetStateFile implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Mixin
    HostOptions hosts;

    @Override
    public Integer call() {
      RetrieveState.Retrieved retrieved = RetrieveState.run(options.load(spec.commandLine().getErr()).config(),
          hosts.upOptions(options.file), Clock.systemUTC());
      retrieved.backup().ifPresent(b -> spec.commandLine().getOut().println("kept the earlier file as " + b));
      spec.commandLine().getOut().println("wrote " + retrieved.file() + " (0600) from " + retrieved.origin());
      return ExitCode.OK.code();
    }
  }

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
