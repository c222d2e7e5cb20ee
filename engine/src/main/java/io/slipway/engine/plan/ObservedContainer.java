package io.slipway.engine.plan;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Slipway-managed container found on a host (or, planning offline, recorded in the state
 * file): its name, Docker id, image, recorded spec hash, whether it runs, and, when it was
 * inspected, the command, environment and binds it was created with (which name what differs
 * when its spec changed).
 */
public record ObservedContainer(String name, String id, String image, String specHash, boolean running,
    Optional<Config> config) {

  /** What a container was created with, as Docker reports it. */
  public record Config(List<String> command, List<String> env, List<String> binds) {
    public Config {
      command = List.copyOf(command);
      env = List.copyOf(env);
      binds = List.copyOf(binds);
    }
  }

  public ObservedContainer {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(specHash, "specHash");
    Objects.requireNonNull(config, "config");
  }

  /** What a container started from {@code spec} looks like when it is running. */
  public static ObservedContainer runningFrom(ContainerSpec spec) {
    return new ObservedContainer(spec.name(), spec.name(), spec.image(), spec.labels().get(ContainerSpec.HASH_LABEL),
        true, Optional.of(new Config(spec.command(), spec.env(), spec.binds())));
  }

  /** A container known only by the hash the state file recorded for it (offline planning). */
  public static ObservedContainer recorded(String name, String specHash) {
    return new ObservedContainer(name, name, "", specHash, true, Optional.empty());
  }

  public ObservedContainer stopped() {
    return new ObservedContainer(name, id, image, specHash, false, config);
  }
}
