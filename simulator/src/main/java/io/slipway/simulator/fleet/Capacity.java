package io.slipway.simulator.fleet;

import io.slipway.engine.config.Quantity;
import java.util.Objects;

/**
 * What a fake node claims to have; the stand-in kubelet reports it as the node's capacity.
 * Nothing is reserved on the Docker host.
 */
public record Capacity(Quantity cpu, Quantity memory, Quantity ephemeralStorage) {

  /** A modest default: 2 CPUs, 4Gi memory, 20Gi ephemeral storage. */
  public static final Capacity DEFAULT =
      new Capacity(Quantity.parse("2"), Quantity.parse("4Gi"), Quantity.parse("20Gi"));

  public Capacity {
    Objects.requireNonNull(cpu, "cpu");
    Objects.requireNonNull(memory, "memory");
    Objects.requireNonNull(ephemeralStorage, "ephemeralStorage");
  }

  public static Capacity of(String cpu, String memory, String ephemeralStorage) {
    return new Capacity(Quantity.parse(cpu), Quantity.parse(memory), Quantity.parse(ephemeralStorage));
  }

  /** The {@code key=value} lines written to {@code /etc/slipway/capacity} on the node. */
  public String asProperties() {
    return "cpu=" + cpu + "\nmemory=" + memory + "\nephemeral-storage=" + ephemeralStorage + "\n";
  }
}
