package io.slipway.simulator.fleet;

import io.slipway.engine.config.Quantity;
import io.slipway.engine.config.Role;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One fake node to start: its name (a DNS-1123 label), roles, claimed capacity, the port its
 * sshd listens on (22 unless a cluster.yml asks for another), the user the fleet's key logs in
 * as (root, or a user of the docker group, as RKE asks of one), and, when given, the size of a
 * file system of its own for etcd's data ({@code /var/lib/etcd}), which can fill up.
 */
public record NodeSpec(String name, Set<Role> roles, Capacity capacity, int sshPort, String user,
    Optional<Quantity> etcdDisk) {

  public static final int SSH_PORT = 22;
  public static final String ROOT = "root";
  private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

  public NodeSpec {
    Objects.requireNonNull(name, "name");
    roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    Objects.requireNonNull(capacity, "capacity");
    if (sshPort < 1 || sshPort > 65535) {
      throw new IllegalArgumentException("node " + name + ": SSH port " + sshPort + " is not in 1-65535");
    }
    if (!isUserName(user)) {
      throw new IllegalArgumentException("node " + name + ": \"" + user + "\" is not a user name");
    }
    Objects.requireNonNull(etcdDisk, "etcdDisk");
  }

  /** Whether {@code text} names a user as a fake node's Linux does (lower case, at most 32). */
  public static boolean isUserName(String text) {
    return text != null && USER.matcher(text).matches();
  }

  public NodeSpec(String name, Set<Role> roles, Capacity capacity, int sshPort, String user) {
    this(name, roles, capacity, sshPort, user, Optional.empty());
  }

  public NodeSpec(String name, Set<Role> roles, Capacity capacity, int sshPort) {
    this(name, roles, capacity, sshPort, ROOT);
  }

  public NodeSpec(String name, Set<Role> roles, Capacity capacity) {
    this(name, roles, capacity, SSH_PORT);
  }

  public static NodeSpec of(String name, Role... roles) {
    return new NodeSpec(name, roles.length == 0 ? Set.of() : EnumSet.of(roles[0], roles), Capacity.DEFAULT);
  }

  public NodeSpec withCapacity(Capacity newCapacity) {
    return new NodeSpec(name, roles, newCapacity, sshPort, user, etcdDisk);
  }

  /** Roles in a stable order, spelled as in cluster.yml: {@code controlplane,etcd}. */
  public String rolesLabel() {
    return roles.stream().sorted().map(Role::yamlName).collect(Collectors.joining(","));
  }
}
