package io.slipway.simulator.cli;

import com.github.dockerjava.api.DockerClient;
import io.slipway.simulator.docker.DockerEngine;
import io.slipway.simulator.fleet.FleetException;
import io.slipway.simulator.fleet.FleetFiles;
import io.slipway.simulator.fleet.FleetLabels;
import io.slipway.simulator.fleet.FleetResources;
import io.slipway.simulator.fleet.FleetSpecLoader;
import io.slipway.simulator.fleet.SpreadFleet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.testcontainers.DockerClientFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slipway fleet down --name NAME}: removes a fleet's containers, volumes and network. */
@Command(name = "down", description = "Remove a fleet: its nodes, registry, volumes and network.", mixinStandardHelpOptions = true)
public final class FleetDownCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--name", required = true, paramLabel = "NAME", description = "The fleet to remove.")
  String name;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "The fleet's folder, where it was started with --dir (default ~/.slipway/fleets/NAME); a fleet "
          + "spread over several engines is found through its engines.yml there.")
  Path directory;

  @Override
  public Integer call() {
    Path folder = directory != null ? directory : FleetNames.defaultDirectory(FleetNames.checked(name));
    Path enginesFile = folder.resolve(FleetFiles.ENGINES_YML);
    if (Files.isRegularFile(enginesFile)) {
      FleetResources.Removed removed = SpreadFleet.remove(name, FleetSpecLoader.engines(enginesFile));
      if (removed.nothing()) {
        throw new FleetException("no fleet named " + name + " is running on the engines " + enginesFile + " lists");
      }
      spec.commandLine().getOut().println("removed fleet " + name + " from its engines: " + removed.containers()
          + " containers, " + removed.networks() + " network");
      try {
        Files.delete(enginesFile);  // a later fleet of this name and folder may be a local one
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      FleetFiles.forgetEarlierCluster(folder).forEach(file ->
          spec.commandLine().getOut().println("removed " + file + " (the state of the cluster that ran on it)"));
      return 0;
    }
    DockerEngine.require();
    DockerClient docker = DockerClientFactory.instance().client();
    // where the fleet keeps its files (it may have been started with --dir), read before its containers go
    List<Path> directories = FleetResources.containers(docker, FleetLabels.FLEET, FleetNames.checked(name)).stream()
        .map(c -> c.getLabels() == null ? null : c.getLabels().get(FleetLabels.DIRECTORY)).filter(Objects::nonNull)
        .distinct().map(Path::of).toList();
    FleetResources.Removed removed = FleetResources.remove(docker, FleetLabels.FLEET, name);
    if (removed.nothing()) {
      throw new FleetException("no fleet named " + name + " is running (see `slipway fleet ls`)");
    }
    spec.commandLine().getOut().println("removed fleet " + name + ": " + removed.containers() + " containers, "
        + removed.networks() + " network");
    // The cluster deployed onto the fleet went with it: its state must not outlive it.
    for (Path directory : directories.isEmpty() ? List.of(FleetNames.defaultDirectory(name)) : directories) {
      FleetFiles.forgetEarlierCluster(directory).forEach(file ->
          spec.commandLine().getOut().println("removed " + file + " (the state of the cluster that ran on it)"));
    }
    return 0;
  }
}
