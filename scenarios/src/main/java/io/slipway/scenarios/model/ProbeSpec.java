package io.slipway.scenarios.model;

import java.time.Duration;
import java.util.Objects;

/**
 * How a probe samples: each of its {@code clients} (concurrent, each on its own thread) starts its
 * next round {@code interval} after its previous one ended. Every probe but {@code api_cas} has one client.
 */
public record ProbeSpec(Duration interval, int clients) {

  public ProbeSpec {
    Objects.requireNonNull(interval, "interval");
    if (clients < 1) {
      throw new IllegalArgumentException("a probe has at least one client");
    }
  }

  public static ProbeSpec every(Duration interval) {
    return new ProbeSpec(interval, 1);
  }
}
