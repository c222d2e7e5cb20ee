package io.slipway.simulator.fleet;

import io.slipway.engine.AtomicFiles;
import io.slipway.engine.config.Role;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What a person needs to see why a run failed, collected from every node before the fleet goes:
 * {@code docker ps -a}, the last lines of each container's log, the node's dockerd log and, on
 * etcd nodes, the member list; for load balancers their log (nginx and keepalived) and addresses;
 * one folder per node under {@code diagnostics/}.
 */
public final class Diagnostics {

  private static final int LOG_LINES = 300;

  private Diagnostics() {
  }

  public static void collect(Fleet fleet, Path directory, Consumer<String> progress) {
    for (FleetNode node : fleet.nodes()) {
      Path dir = directory.resolve(node.name());
      if (node.state() == NodeState.PAUSED) {
        node.unpause();  // a frozen node answers nothing; its diagnostics matter most
      }
      if (node.state() != NodeState.RUNNING && node.state() != NodeState.DISCONNECTED) {
        write(dir.resolve("state.txt"), "node is " + node.state() + "\n");
        continue;
      }
      try {
        write(dir.resolve("docker-ps.txt"), run(node, "docker ps -a"));
        write(dir.resolve("dockerd.log"), run(node, "tail -n " + LOG_LINES + " /var/log/dockerd.log"));
        for (String container : run(node, "docker ps -a --format '{{.Names}}'").lines().toList()) {
          if (container.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            write(dir.resolve("logs").resolve(container + ".log"), run(node, "docker logs --tail " + LOG_LINES + " "
                + container + " 2>&1"));
          }
        }
        if (node.roles().contains(Role.ETCD)) {
          write(dir.resolve("etcd-members.txt"), run(node, "docker exec etcd etcdctl member list -w table 2>&1"));
        }
      } catch (RuntimeException e) {
        write(dir.resolve("error.txt"), "collecting diagnostics failed: " + e + "\n");
      }
    }
    for (var lb : fleet.loadBalancers()) {
      Path dir = directory.resolve(lb.name());
      try {
        write(dir.resolve("state.txt"), "load balancer is " + lb.state() + "\n");
        write(dir.resolve("container.log"), lb.logs(LOG_LINES));
        if (lb.state() == NodeState.RUNNING) {
          ExecResult addresses = lb.exec("ip", "-o", "-4", "addr");
          write(dir.resolve("addresses.txt"), addresses.stdout() + addresses.stderr());
        }
      } catch (RuntimeException e) {
        write(dir.resolve("error.txt"), "collecting diagnostics failed: " + e + "\n");
      }
    }
    progress.accept("diagnostics: " + directory);
  }

  private static String run(FleetNode node, String command) {
    ExecResult result = node.exec("sh", "-c", command);
    return result.stdout() + (result.stderr().isBlank() ? "" : result.stderr());
  }

  private static void write(Path file, String content) {
    AtomicFiles.write(file, content, "rw-r--r--");
  }
}
