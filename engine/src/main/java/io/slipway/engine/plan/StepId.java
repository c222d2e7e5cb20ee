package io.slipway.engine.plan;

import java.util.Comparator;
import java.util.Objects;

/** Names a step: the host it runs on (or {@link #CLUSTER} for gates) and what it does there. */
public record StepId(String host, String name) implements Comparable<StepId> {

  /** The pseudo-host of steps that belong to no host (phase gates). */
  public static final String CLUSTER = "cluster";

  private static final Comparator<StepId> ORDER = Comparator.comparing(StepId::host).thenComparing(StepId::name);

  public StepId {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(name, "name");
  }

  @Override
  public int compareTo(StepId other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return host + "/" + name;
  }
}
