package io.slipway.simulator.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.slipway.engine.AtomicFiles;
import io.slipway.engine.up.UpOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files a fleet leaves in its folder: the SSH key pair (private key 0600), a known_hosts
 * with every node's host key, and a cluster.yml skeleton naming the nodes, each written atomically.
 */
public final class FleetFiles {

  static final String PRIVATE_KEY = "id_ed25519";
  static final String KNOWN_HOSTS = "known_hosts";
  static final String CLUSTER_YML = "cluster.yml";
  /** The engines a spread fleet runs on, for {@code fleet down} to find it by. */
  public static final String ENGINES_YML = "engines.yml";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  private FleetFiles() {
  }

  static void writeKeyPair(Path directory, SshKeyPair key) {
    writeSecret(directory.resolve(PRIVATE_KEY), key.privateKeyPem());
    write(directory.resolve(PRIVATE_KEY + ".pub"), key.publicKeyLine() + "\n");
  }

  /** One line per node per way of reaching it: the published port and the internal address. */
  static void writeKnownHosts(Path directory, List<FleetNode> nodes) {
    StringBuilder lines = new StringBuilder();
    for (FleetNode node : nodes) {
      lines.append('[').append(node.ssh().host()).append("]:").append(node.ssh().port()).append(' ')
          .append(node.hostKey()).append('\n');
      lines.append(node.sshPort() == NodeSpec.SSH_PORT ? node.internalAddress()
          : "[" + node.internalAddress() + "]:" + node.sshPort()).append(' ').append(node.hostKey()).append('\n');
    }
    write(directory.resolve(KNOWN_HOSTS), lines.toString());
  }

  /** The fleet's {@link ClusterSkeleton}, with a comment saying how to deploy it. */
  static void writeClusterSkeleton(Path directory, String fleetName, List<FleetNode> nodes, String componentsImage,
      String workloadImage) {
    ObjectNode root = ClusterSkeleton.of(fleetName, directory.resolve(PRIVATE_KEY), nodes, componentsImage,
        workloadImage);
    try {
      write(directory.resolve(CLUSTER_YML), "# Written by slipway for fleet " + fleetName + ". Deploy it with\n"
          + "#   slipway up -c " + directory.resolve(CLUSTER_YML) + " --known-hosts " + directory.resolve(KNOWN_HOSTS)
          + "\n" + YAML.writeValueAsString(root));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Removes the state file and kubeconfig a cluster deployed from an earlier fleet's cluster.yml
   * left in {@code directory}: a new fleet is new machines, and that state would describe a
   * cluster they do not run. Returns the files removed.
   */
  public static List<Path> forgetEarlierCluster(Path directory) {
    Path clusterYml = directory.resolve(CLUSTER_YML);
    List<Path> removed = new ArrayList<>();
    for (Path file : List.of(UpOptions.stateFileBeside(clusterYml), UpOptions.kubeconfigBeside(clusterYml))) {
      try {
        if (Files.deleteIfExists(file)) {
          removed.add(file);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot remove " + file + " of an earlier cluster", e);
      }
    }
    return removed;
  }

  /** The engines of a spread fleet, in the fleet file's {@code engines:} form. */
  static void writeEngines(Path directory, String fleetName, List<EngineSpec> engines) {
    ObjectNode root = YAML.createObjectNode();
    var list = root.putArray("engines");
    for (EngineSpec engine : engines) {
      ObjectNode entry = list.addObject().put("host", engine.endpoint().toString());
      engine.certificates().ifPresent(dir -> entry.put("tls", dir.toString()));
      entry.put("weight", engine.weight());
    }
    try {
      write(directory.resolve(ENGINES_YML), "# The Docker engines fleet " + fleetName + " runs on; `slipway fleet down "
          + "--name " + fleetName + "` removes it from each.\n" + YAML.writeValueAsString(root));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeSecret(Path file, String content) {
    AtomicFiles.writeSecret(file, content);
  }

  private static void write(Path file, String content) {
    AtomicFiles.write(file, content, "rw-r--r--");
  }
}
