package io.slipway.simulator.cli;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.slipway.simulator.docker.DockerEngine;
import io.slipway.simulator.fleet.FleetLabels;
import io.slipway.simulator.fleet.FleetReaper;
import io.slipway.simulator.fleet.FleetResources;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.testcontainers.DockerClientFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code slipway fleet ls}: every fleet node on the local Docker engine, read from container labels. */
@Command(name = "ls", description = "List running fleets and their nodes.", mixinStandardHelpOptions = true)
public final class FleetLsCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    DockerEngine.require();
    DockerClient docker = DockerClientFactory.instance().client();
    List<Container> nodes = FleetResources.allNodes(docker).stream()
        .sorted(Comparator.comparing((Container c) -> c.getLabels().get(FleetLabels.FLEET))
            .thenComparing(c -> c.getLabels().get(FleetLabels.ADDRESS)))
        .toList();
    PrintWriter out = spec.commandLine().getOut();
    if (nodes.isEmpty()) {
      out.println("no fleets are running");
      return 0;
    }
    out.printf("%-16s %-16s %-22s %-10s %-16s %s%n", "FLEET", "NODE", "ROLES", "STATE", "ADDRESS", "SSH");
    for (Container node : nodes) {
      var labels = node.getLabels();
      String ssh = Arrays.stream(node.getPorts()).filter(p -> Integer.valueOf(22).equals(p.getPrivatePort())
              && p.getPublicPort() != null).map(p -> p.getIp() + ":" + p.getPublicPort()).findFirst().orElse("-");
      out.printf("%-16s %-16s %-22s %-10s %-16s %s%n", labels.get(FleetLabels.FLEET), labels.get(FleetLabels.NODE),
          labels.getOrDefault(FleetLabels.ROLES, ""), node.getState(), labels.get(FleetLabels.ADDRESS), ssh);
    }
    for (FleetReaper.Orphan orphan : FleetReaper.orphans(docker)) {
      out.printf("fleet %s is orphaned: process %d on %s, which started it, is gone; the next fleet start removes it "
          + "(or: slipway fleet down --name %s)%n", orphan.fleet(), orphan.owner().pid(), orphan.owner().host(),
          orphan.fleet());
    }
    return 0;
  }
}
