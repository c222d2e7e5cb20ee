package io.slipway.engine.cli;

import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.up.Remove;
import io.slipway.engine.up.UpOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slipway remove [--force]}: RKE's {@code rke remove}. */
@Command(name = "remove", mixinStandardHelpOptions = true,
    description = "Remove the cluster from its nodes, as `rke remove` does: every component container, then the "
        + "directories RKE empties (/etc/kubernetes, /var/lib/etcd, /var/lib/cni, /etc/cni, /opt/cni, "
        + "/var/run/calico), then the kubeconfig and state file. The etcd snapshots in /opt/rke/etcd-snapshots stay.")
public final class RemoveCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions options;

  @Mixin
  HostOptions hosts;

  @Option(names = "--force", description = "Do not ask for confirmation.")
  boolean force;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ConfigLoader.Loaded loaded = options.load(spec.commandLine().getErr());
    if (!force && !confirmed(out, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)))) {
      out.println("Nothing was removed.");
      return ExitCode.OK.code();
    }
    UpOptions up = hosts.upOptions(options.file);
    Remove.Result result = Remove.run(loaded.config(), up, host -> {
      synchronized (out) {
        out.printf("%s: removed %s; emptied %s%n", host.host(), host.containers().isEmpty() ? "no containers"
            : String.join(", ", host.containers()), host.emptied().isEmpty() ? "nothing (already empty)"
            : String.join(", ", host.emptied()));
        out.flush();
      }
    });
    result.unreachable().forEach(host -> out.printf("%s: not reachable (a node the state still lists): left as it "
        + "was%n", host));
    for (Path file : result.deletedFiles()) {
      out.println("deleted " + file);
    }
    out.printf("Cluster %s removed from %d nodes; its etcd snapshots stay in /opt/rke/etcd-snapshots.%n",
        loaded.config().clusterName(), result.hosts().size());
    return ExitCode.OK.code();
  }

  /** RKE's question; only {@code y} (or {@code Y}) is a yes, and no answer at all is a no. */
  static boolean confirmed(PrintWriter out, BufferedReader in) {
    out.print("Are you sure you want to remove Kubernetes cluster [y/n]: ");
    out.flush();
    try {
      String answer = in.readLine();
      return answer != null && answer.strip().equalsIgnoreCase("y");
    } catch (IOException e) {
      return false;
    }
  }
}
