package io.slipway.simulator.cli;

import io.slipway.engine.config.Role;
import io.slipway.simulator.fleet.Fleet;
import io.slipway.simulator.fleet.FleetNode;
import io.slipway.simulator.fleet.FleetOptions;
import io.slipway.simulator.fleet.FleetSpec;
import io.slipway.simulator.fleet.FleetSpecLoader;
import io.slipway.simulator.fleet.Lifetime;
import io.slipway.simulator.fleet.LoadBalancer;
import io.slipway.simulator.image.ImageBuilder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slipway fleet up -f fleet.yaml --name NAME}: starts a fleet that keeps running after the command. */
@Command(name = "up", description = "Start a fleet from a fleet file and leave it running.", mixinStandardHelpOptions = true)
public final class FleetUpCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = {"-f", "--file"}, required = true, paramLabel = "FLEET.yaml", description = "The fleet file.")
  Path file;

  @Option(names = "--name", paramLabel = "NAME", description = "Fleet name (a DNS-1123 label); defaults to the file's name key.")
  String name;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "Where to write the SSH key, known_hosts and cluster.yml (default ~/.slipway/fleets/NAME).")
  Path directory;

  @Option(names = "--base-image", paramLabel = "IMAGE", defaultValue = ImageBuilder.DEFAULT_BASE,
      description = "Local image the fleet's images start from (default ${DEFAULT-VALUE}, bootstrapped from Debian packages when missing).")
  String baseImage;

  @Override
  public Integer call() {
    FleetSpec fleetSpec = FleetSpecLoader.load(file);
    if (name != null) {
      fleetSpec = fleetSpec.withName(FleetNames.checked(name));
    }
    Path dir = directory != null ? directory : FleetNames.defaultDirectory(fleetSpec.name());
    PrintWriter err = spec.commandLine().getErr();
    FleetOptions options = new FleetOptions(dir, Lifetime.DETACHED, baseImage, line -> {
      err.println("  " + line);
      err.flush();
    });
    boolean spread = !fleetSpec.engines().isEmpty();
    err.println("Starting fleet " + fleetSpec.name() + " (" + fleetSpec.nodes().size() + " nodes"
        + (spread ? " over " + fleetSpec.engines().size() + " Docker engines" : "") + ")");
    Fleet fleet = Fleet.start(fleetSpec, options);
    Map<String, String> placement = fleet.placement();

    PrintWriter out = spec.commandLine().getOut();
    String format = spread ? "%-16s %-22s %-22s %-18s %s%n" : "%-16s %-22s %-22s %s%s%n";
    out.printf(format, "NODE", "ROLES", "SSH", "INTERNAL ADDRESS", spread ? "ENGINE" : "");
    for (FleetNode node : fleet.nodes()) {
      out.printf(format, node.name(),
          node.roles().stream().sorted().map(Role::yamlName).collect(Collectors.joining(",")),
          node.ssh(), node.internalAddress(), placement.getOrDefault(node.name(), ""));
    }
    for (LoadBalancer lb : fleet.loadBalancers()) {
      out.printf(format, lb.name(), "load balancer", "api " + lb.reach().getHostString() + ":" + lb.reach().getPort(),
          lb.address(), placement.getOrDefault(lb.name(), ""));
    }
    fleet.floatingAddress().ifPresent(address -> out.printf(format, "floating", "keepalived",
        "api " + address + ":" + FleetNode.APISERVER_PORT, address, ""));
    out.println();
    out.println("registry     " + fleet.registry());
    out.println("private key  " + fleet.privateKey());
    out.println("known_hosts  " + fleet.knownHosts());
    out.println("cluster.yml  " + fleet.clusterYml());
    out.println();
    out.println("ssh -i " + fleet.privateKey() + " -o UserKnownHostsFile=" + fleet.knownHosts() + " -p "
        + fleet.nodes().get(0).ssh().port() + " root@" + fleet.nodes().get(0).ssh().host());
    out.println("deploy with: slipway up -c " + fleet.clusterYml() + " --known-hosts " + fleet.knownHosts());
    out.println("remove with: slipway fleet down --name " + fleet.name());
    return 0;
  }
}
