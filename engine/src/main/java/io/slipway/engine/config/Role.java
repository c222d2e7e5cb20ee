package io.slipway.engine.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** A node's role in the cluster, spelled in files as RKE spells it. */
public enum Role {
  CONTROLPLANE, ETCD, WORKER;

  private final String yamlName = name().toLowerCase(Locale.ROOT);

  /** The spelling in cluster.yml and in node labels, e.g. {@code controlplane}. */
  public String yamlName() {
    return yamlName;
  }

  public static Optional<Role> parse(String text) {
    for (Role role : values()) {
      if (role.yamlName.equals(text)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }

  /** {@code controlplane, etcd or worker}, for error messages. */
  public static String choices() {
    String all = Arrays.stream(values()).map(Role::yamlName).collect(Collectors.joining(", "));
    int last = all.lastIndexOf(", ");
    return all.substring(0, last) + " or " + all.substring(last + 2);
  }
}
