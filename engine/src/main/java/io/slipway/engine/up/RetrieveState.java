package io.slipway.engine.up;

import io.slipway.engine.AtomicFiles;
import io.slipway.engine.SlipwayException;
import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.NodeConfig;
import io.slipway.engine.config.Role;
import io.slipway.engine.host.Host;
import io.slipway.engine.state.ClusterState;
import io.slipway.engine.state.RkeState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code slipway util get-state-file}: the state file rebuilt from the running cluster, as
 * {@code rke util get-state-file} does from its {@code full-cluster-state}. Every node is
 * connected (as RKE tunnels to every host), then each control-plane node in turn asks its own
 * apiserver with the node's kubelet identity; the first state found is checked, the file it
 * replaces kept as {@code FILE.backup-TIME}, and the new one written 0600. Slipway's own copy
 * gives Slipway's state file; RKE's gives {@code cluster.rkestate}, which {@code up} adopts.
 */
public final class RetrieveState {

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  /** What was written: the file, where its content came from, and the earlier file kept aside, if any. */
  public record Retrieved(Path file, String origin, Optional<Path> backup) {
  }

  private RetrieveState() {
  }

  public static Retrieved run(ClusterConfig config, UpOptions options, Clock clock) {
    List<String> tried = new ArrayList<>();
    try (ConnectHosts.Connected connected = ConnectHosts.run(config, ClusterState.EMPTY, options)) {
      for (NodeConfig node : config.nodes()) {
        if (!node.has(Role.CONTROLPLANE)) {
          continue;
        }
        Host host = connected.hosts().get(node.hostname());
        try {
          Optional<StateInCluster.Found> found = StateInCluster.fetch(host);
          if (found.isPresent()) {
            StateInCluster.parse(found.get());
            Path file = found.get().rke() ? RkeState.besideStateFile(options.stateFile()) : options.stateFile();
            Optional<Path> backup = keepAside(file, clock);
            AtomicFiles.writeSecret(file, new String(found.get().content(), StandardCharsets.UTF_8));
            return new Retrieved(file, found.get().origin(), backup);
          }
          tried.add(node.hostname() + ": its apiserver holds neither Slipway's Secret kube-system/"
              + StateInCluster.NAME + " nor RKE's " + StateInCluster.RKE_NAME);
        } catch (RuntimeException e) {
          tried.add(node.hostname() + ": " + e.getMessage());
        }
      }
    }
    throw new SlipwayException("no control-plane node gave the cluster's state; nothing was written:\n  "
        + String.join("\n  ", tried));
  }

  private static Optional<Path> keepAside(Path file, Clock clock) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Path backup = file.resolveSibling(file.getFileName() + ".backup-" + STAMP.format(clock.instant()));
    try {
      return Optional.of(Files.move(file, backup));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep " + file + " aside as " + backup, e);
    }
  }
}
