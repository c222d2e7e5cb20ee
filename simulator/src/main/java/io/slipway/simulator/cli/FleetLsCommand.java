package io.slipway.simulator.cli;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.slipway.simulator.docker.DockerEngine;
import io.slipway.simulator.fleet.FleetException;
import io.slipway.simulator.fleet.FleetFiles;
import io.slipway.simulator.fleet.FleetLabels;
import io.slipway.simulator.fleet.FleetReaper;
import io.slipway.simulator.fleet.FleetResources;
import io.slipway.simulator.fleet.FleetSpecLoader;
import io.slipway.simulator.fleet.SpreadFleet;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code slipway fleet ls}: every fleet node on the local Docker engine, and on the engines of
 * the spread fleets started into their default folders, read from container labels.
 */
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
    List<String> unreachable = new ArrayList<>();
    Map<String, List<Container>> spread = spreadFleets(unreachable);
    PrintWriter out = spec.commandLine().getOut();
    unreachable.forEach(out::println);
    if (nodes.isEmpty() && spread.values().stream().allMatch(List::isEmpty)) {
      out.println("no fleets are running");
      return 0;
    }
    String format = "%-16s %-16s %-22s %-10s %-16s %-22s %s%n";
    out.printf(format, "FLEET", "NODE", "ROLES", "STATE", "ADDRESS", "SSH", "ENGINE");
    for (Container node : nodes) {
      print(out, format, node, "local");
    }
    spread.forEach((fleetAndEngine, containers) -> containers.forEach(node -> print(out, format, node,
        fleetAndEngine.substring(fleetAndEngine.indexOf(' ') + 1))));
    for (FleetReaper.Orphan orphan : FleetReaper.orphans(docker)) {
      out.printf("fleet %s is orphaned: process %d on %s, which started it, is gone; the next fleet start removes it "
          + "(or: slipway fleet down --name %s)%n", orphan.fleet(), orphan.owner().pid(), orphan.owner().host(),
          orphan.fleet());
    }
    return 0;
  }

  private static void print(PrintWriter out, String format, Container node, String engine) {
    var labels = node.getLabels();
    String ssh = Arrays.stream(node.getPorts()).filter(p -> Integer.valueOf(22).equals(p.getPrivatePort())
        && p.getPublicPort() != null).map(p -> p.getIp() + ":" + p.getPublicPort()).findFirst().orElse("-");
    out.printf(format, labels.get(FleetLabels.FLEET), labels.get(FleetLabels.NODE),
        labels.getOrDefault(FleetLabels.ROLES, ""), node.getState(), labels.get(FleetLabels.ADDRESS), ssh, engine);
  }

  /**
   * The nodes of the fleets spread over several engines that were started into their default
   * folders ({@code ~/.slipway/fleets/NAME/engines.yml}), by "FLEET engine-N".
   */
  private static Map<String, List<Container>> spreadFleets(List<String> unreachable) {
    Map<String, List<Container>> nodes = new LinkedHashMap<>();
    Path fleets = FleetNames.defaultDirectory("x").getParent();
    if (!Files.isDirectory(fleets)) {
      return nodes;
    }
    try (Stream<Path> folders = Files.list(fleets)) {
      for (Path folder : folders.sorted().toList()) {
        Path engines = folder.resolve(FleetFiles.ENGINES_YML);
        if (Files.isRegularFile(engines)) {
          String fleet = folder.getFileName().toString();
          try {
            SpreadFleet.nodes(fleet, FleetSpecLoader.engines(engines))
                .forEach((engine, containers) -> nodes.put(fleet + " " + engine, containers));
          } catch (FleetException e) {
            unreachable.add("fleet " + fleet + " (" + engines + "): " + e.getMessage());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return nodes;
  }
}
