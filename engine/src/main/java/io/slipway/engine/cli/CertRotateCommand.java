package io.slipway.engine.cli;

import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.up.Up;
import io.slipway.engine.up.UpOptions;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slipway cert-rotate -c cluster.yml [--rotate-ca]}: reissue certificates with the current config. */
@Command(name = "cert-rotate", mixinStandardHelpOptions = true,
    description = "Reissue the cluster's certificates for the current cluster.yml (new SANs take effect) and restart "
        + "the components that use them, control-plane and etcd nodes one at a time. The CA is kept unless --rotate-ca.")
public final class CertRotateCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions options;

  @Option(names = "--rotate-ca", description = "Also replace the cluster CA (every certificate and kubeconfig changes).")
  boolean rotateCa;

  @Option(names = "--service", paramLabel = "NAME", description = "Reissue only this service's certificates (repeat "
      + "for several): etcd, kubelet, kube-apiserver, kube-proxy, kube-scheduler, kube-controller-manager. Without it, "
      + "every service's; the service-account key is kept either way unless --rotate-ca.")
  List<String> services = new ArrayList<>();

  @Mixin
  HostOptions hosts;

  @Mixin
  ProgressOptions progress;

  @Override
  public Integer call() {
    ConfigLoader.Loaded loaded = options.load(spec.commandLine().getErr());
    UpOptions up = hosts.upOptions(options.file);
    PrintWriter out = spec.commandLine().getOut();
    Up.Result result = new Up(Clock.systemUTC()).rotateCertificates(loaded.config(), up, rotateCa, Set.copyOf(services),
        progress.sink(out));
    progress.summary(out, result, "Certificates " + (services.isEmpty() || rotateCa ? "" : "of " + String.join(", ",
        services) + " ") + "rotated" + (rotateCa ? " with a new CA" : ""), up);
    return ExitCode.OK.code();
  }
}
