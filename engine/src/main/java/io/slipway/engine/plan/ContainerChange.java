package io.slipway.engine.plan;

/** What the diff decided for one container on one host. */
public sealed interface ContainerChange {

  String container();

  /** Whether anything happens to the container. */
  default boolean isChange() {
    return !(this instanceof Keep);
  }

  /** Not on the host: create and start it. */
  record Create(ContainerSpec spec) implements ContainerChange {
    @Override
    public String container() {
      return spec.name();
    }
  }

  /** On the host with another spec, or stopped: replace it. */
  record Replace(ContainerSpec spec, ObservedContainer observed, String reason) implements ContainerChange {
    @Override
    public String container() {
      return spec.name();
    }
  }

  /** On the host, running, with the same spec: leave it alone. */
  record Keep(ContainerSpec spec) implements ContainerChange {
    @Override
    public String container() {
      return spec.name();
    }
  }

  /** Managed by Slipway but no longer wanted on this host: remove it. */
  record Remove(ObservedContainer observed) implements ContainerChange {
    @Override
    public String container() {
      return observed.name();
    }
  }
}
