package io.slipway.engine.cli;

import io.slipway.engine.up.FromState;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code slipway version}: RKE's {@code rke version}, the running cluster's Kubernetes version. */
@Command(name = "version", mixinStandardHelpOptions = true,
    description = "Print the Kubernetes version the cluster's first control-plane node reports (its certificate "
        + "verified with the cluster's CA). `slipway --version` prints Slipway's own.")
public final class VersionCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions options;

  @Override
  public Integer call() {
    String version = FromState.serverVersion(options.load(spec.commandLine().getErr()).config(), options.file);
    spec.commandLine().getOut().println("Server Version: " + version);
    return ExitCode.OK.code();
  }
}
