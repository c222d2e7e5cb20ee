package io.slipway.engine.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** A node's role in the cluster, spelled in files as RKE spells it. */
public enum Role {
  CONTROLPLANE, ETCD, WORKER;

  /** The spelling in cluster.yml and in node labels, e.g. {@code controlplane}. */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> parse(String text) {
    return Arrays.stream(values()).filter(r -> r.yamlName().equals(text)).findFirst();
  }

  /** {@code controlplane, etcd or worker}, for error messages. */
  public static String choices() {
    String all = Arrays.stream(values()).map(Role::yamlName).collect(Collectors.joining(", "));
    int last = all.lastIndexOf(", ");
    return all.substring(0, last) + " or " + all.substring(last + 2);
  }
}
