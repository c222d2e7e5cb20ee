package io.slipway.engine.up;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import io.slipway.engine.host.CommandResult;
import io.slipway.engine.host.Host;
import io.slipway.engine.plan.ContainerSpec;
import io.slipway.engine.plan.Observed;
import io.slipway.engine.plan.ObservedContainer;
import io.slipway.engine.plan.ObservedFile;
import io.slipway.engine.plan.Plan;
import io.slipway.engine.plan.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Stage: looks at every connected host, read-only: the Slipway-managed containers it has
 * (running or not, with what they were created with) and the SHA-256 and mode of the files the
 * plan writes there (so that a preview lists only what differs and a run rewrites only that).
 * Hosts are looked at in parallel, at most {@code parallelism} at once.
 */
public final class ObserveHosts {

  private static final Duration HASH_TIMEOUT = Duration.ofSeconds(30);
  private static final String MODES = "#modes";

  private ObserveHosts() {
  }

  /** The managed containers of every host; {@code unreachable} hosts are recorded as such. */
  public static Observed containers(Map<String, Host> hosts, Collection<String> unreachable, int parallelism) {
    Map<String, List<ObservedContainer>> containers = inParallel(hosts, parallelism, ObserveHosts::managedContainers);
    return new Observed(Observed.Source.HOSTS, containers, Map.of(), Set.copyOf(unreachable));
  }

  /** {@code observed} with the files {@code plan} writes on each host, as each holds them (absent files are left out). */
  public static Observed withFiles(Observed observed, Map<String, Host> hosts, Plan plan, int parallelism) {
    Map<String, List<String>> paths = plan.steps().stream().filter(Step.WriteFile.class::isInstance)
        .map(Step.WriteFile.class::cast).collect(Collectors.groupingBy(s -> s.id().host(), LinkedHashMap::new,
            Collectors.mapping(Step.WriteFile::path, Collectors.toList())));
    Map<String, Host> writing = new LinkedHashMap<>(hosts);
    writing.keySet().retainAll(paths.keySet());
    Map<String, Map<String, ObservedFile>> files = inParallel(writing, parallelism,
        host -> files(host, paths.get(host.address().name())));
    return observed.withFiles(files);
  }

  /**
   * {@code observed}, with those of the {@code members} (etcd members by the state, connected)
   * whose data directory {@code dataDir} holds no {@code member} directory: their data is gone,
   * and etcd refuses to start them under their old identity. A host that cannot tell is taken
   * to hold its data.
   */
  public static Observed withEtcdData(Observed observed, Map<String, Host> hosts, Collection<String> members,
      String dataDir, int parallelism) {
    Map<String, Host> asked = new LinkedHashMap<>(hosts);
    asked.keySet().retainAll(members);
    String command = "if [ -d '" + dataDir.replace("'", "'\\''") + "/member' ]; then echo held; else echo lost; fi";
    Map<String, Boolean> lost = inParallel(asked, parallelism, host -> {
      CommandResult result = host.exec(command, HASH_TIMEOUT);
      return result.exitCode() == 0 && result.stdout().strip().equals("lost");
    });
    return observed.withEtcdDataLost(lost.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
        .collect(Collectors.toSet()));
  }

  /** Slipway's containers, and those RKE started under the same names (which carry no Slipway label). */
  private static List<ObservedContainer> managedContainers(Host host) {
    List<ObservedContainer> found = new ArrayList<>();
    for (Container listed : host.docker().listContainersCmd().withShowAll(true).exec()) {
      boolean managed = listed.getLabels() != null && "true".equals(listed.getLabels().get(ContainerSpec.MANAGED_LABEL));
      boolean rkes = listed.getNames() != null && Arrays.stream(listed.getNames())
          .anyMatch(name -> ContainerSpec.COMPONENT_NAMES.contains(name.replaceFirst("^/", "")));
      if (managed || rkes) {
        inspect(host, listed.getId()).ifPresent(found::add);
      }
    }
    return found;
  }

  private static Optional<ObservedContainer> inspect(Host host, String id) {
    try {
      InspectContainerResponse c = host.docker().inspectContainerCmd(id).exec();
      Map<String, String> labels = c.getConfig().getLabels() == null ? Map.of() : c.getConfig().getLabels();
      Bind[] binds = c.getHostConfig().getBinds();
      return Optional.of(new ObservedContainer(c.getName().replaceFirst("^/", ""), c.getId(), c.getConfig().getImage(),
          labels.getOrDefault(ContainerSpec.HASH_LABEL, ""), Boolean.TRUE.equals(c.getState().getRunning()),
          Optional.of(new ObservedContainer.Config(list(c.getConfig().getCmd()), list(c.getConfig().getEnv()),
              binds == null ? List.of() : Arrays.stream(binds).map(Bind::toString).toList()))));
    } catch (NotFoundException removedMeanwhile) {
      return Optional.empty();
    }
  }

  private static List<String> list(String[] values) {
    return values == null ? List.of() : List.of(values);
  }

  /**
   * The hash and mode of every path that exists, in one command of two programs; a missing file
   * is simply absent, and so is one whose hash or mode could not be read (it will be written).
   */
  static Map<String, ObservedFile> files(Host host, List<String> paths) {
    String quoted = paths.stream().map(p -> "'" + p.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
    CommandResult result = host.exec("sha256sum -- " + quoted + " 2>/dev/null; echo '" + MODES + "'; stat -c '%a %n' -- "
        + quoted + " 2>/dev/null; true", HASH_TIMEOUT);
    return parseFiles(result.stdout());
  }

  /** {@code sha256sum}'s lines, the marker, then {@code stat -c '%a %n'}'s lines: files with both. */
  static Map<String, ObservedFile> parseFiles(String output) {
    Map<String, String> hashes = new LinkedHashMap<>();
    Map<String, Integer> modes = new LinkedHashMap<>();
    boolean inModes = false;
    for (String line : output.lines().toList()) {
      if (line.equals(MODES)) {
        inModes = true;
        continue;
      }
      String[] parts = line.split("\\s+", 2);
      if (parts.length < 2) {
        continue;
      }
      if (!inModes) {
        hashes.put(parts[1].strip(), parts[0]);
      } else if (parts[0].matches("[0-7]{1,4}")) {
        modes.put(parts[1].strip(), Integer.parseInt(parts[0], 8));
      }
    }
    Map<String, ObservedFile> files = new LinkedHashMap<>();
    hashes.forEach((path, hash) -> {
      if (modes.containsKey(path)) {
        files.put(path, new ObservedFile(hash, modes.get(path)));
      }
    });
    return files;
  }

  private static <T> Map<String, T> inParallel(Map<String, Host> hosts, int parallelism, Function<Host, T> look) {
    return SideBySide.onHosts(hosts, look, parallelism, "slipway-observe");
  }
}
