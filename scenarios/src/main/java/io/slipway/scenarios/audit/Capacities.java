package io.slipway.scenarios.audit;

import io.slipway.engine.config.Role;
import io.slipway.simulator.fleet.Capacity;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each fake node claims to have, by role: {@code --capacity ROLE=cpu,memory,storage}.
 * Defaults are the walkthrough's machines: 32 CPU / 64Gi / 100Gi workers, 8 CPU / 16Gi / 100Gi
 * controlplane and etcd nodes. A node with the worker role is sized as a worker, else as a
 * controlplane node, else as an etcd node.
 */
public record Capacities(Map<Role, Capacity> byRole) {

  public static final Capacity WORKER = Capacity.of("32", "64Gi", "100Gi");
  public static final Capacity MASTER = Capacity.of("8", "16Gi", "100Gi");

  public Capacities {
    byRole = Map.copyOf(byRole);
  }

  public static Capacities defaults() {
    return new Capacities(Map.of(Role.WORKER, WORKER, Role.CONTROLPLANE, MASTER, Role.ETCD, MASTER));
  }

  /** The defaults with each {@code ROLE=cpu,memory,storage} given; a bad one is an {@link IllegalArgumentException} saying why. */
  public static Capacities parse(List<String> specs) {
    Map<Role, Capacity> byRole = new EnumMap<>(defaults().byRole());
    for (String spec : specs) {
      int eq = spec.indexOf('=');
      String[] parts = eq < 0 ? new String[0] : spec.substring(eq + 1).split(",", -1);
      if (eq < 0 || parts.length != 3) {
        throw new IllegalArgumentException("--capacity " + spec + ": expected ROLE=cpu,memory,storage, "
            + "e.g. worker=32,64Gi,100Gi");
      }
      Role role = Role.parse(spec.substring(0, eq).strip()).orElseThrow(() -> new IllegalArgumentException(
          "--capacity " + spec + ": unknown role \"" + spec.substring(0, eq) + "\"; expected " + Role.choices()));
      try {
        byRole.put(role, Capacity.of(parts[0].strip(), parts[1].strip(), parts[2].strip()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--capacity " + spec + ": " + e.getMessage(), e);
      }
    }
    return new Capacities(byRole);
  }

  public Capacity of(Set<Role> roles) {
    Role sizedAs = roles.contains(Role.WORKER) ? Role.WORKER : roles.contains(Role.CONTROLPLANE) ? Role.CONTROLPLANE
        : Role.ETCD;
    return byRole.get(sizedAs);
  }
}
