package io.slipway.engine.plan;

import java.util.List;
import java.util.Objects;

/**
 * What the {@link Diff} decided for one container on one host, and the one way to carry it
 * out: {@link #applyTo(Containers)} names every operation a change needs, so the executor has
 * no decision of its own left to take (and a new kind of change cannot go unhandled).
 */
public sealed interface ContainerChange {

  /** The operations a host offers to carry out changes. */
  interface Containers {
    void create(ContainerSpec spec);

    void start(ObservedContainer container);

    void remove(ObservedContainer container);
  }

  /** What a change does, as {@code plan} prints it ({@code +}, {@code ~}, {@code >}, {@code -}, {@code =}). */
  enum Action {
    CREATE("+", "create"), REPLACE("~", "replace"), START(">", "start"), REMOVE("-", "remove"), KEEP("=", "keep");

    private final String symbol;
    private final String word;

    Action(String symbol, String word) {
      this.symbol = symbol;
      this.word = word;
    }

    public String symbol() {
      return symbol;
    }

    public String word() {
      return word;
    }
  }

  String container();

  Action action();

  /** Why, when it is not obvious from the action (a replace names what differs); empty otherwise. */
  default List<String> reasons() {
    return List.of();
  }

  void applyTo(Containers host);

  /** Whether anything happens to the container. */
  default boolean isChange() {
    return action() != Action.KEEP;
  }

  /** {@code + kubelet}, {@code ~ kubelet (args changed: --max-pods)}. */
  default String describe() {
    return action().word() + " " + container() + (reasons().isEmpty() ? "" : " (" + String.join("; ", reasons()) + ")");
  }

  /** Not on the host: create and start it. */
  record Create(ContainerSpec spec) implements ContainerChange {
    public Create {
      Objects.requireNonNull(spec, "spec");
    }

    @Override
    public String container() {
      return spec.name();
    }

    @Override
    public Action action() {
      return Action.CREATE;
    }

    @Override
    public void applyTo(Containers host) {
      host.create(spec);
    }
  }

  /** On the host with another spec: remove it and create it anew; {@code reasons} name what differs. */
  record Replace(ContainerSpec spec, ObservedContainer observed, List<String> reasons) implements ContainerChange {
    public Replace {
      reasons = List.copyOf(reasons);
    }

    @Override
    public String container() {
      return spec.name();
    }

    @Override
    public Action action() {
      return Action.REPLACE;
    }

    @Override
    public void applyTo(Containers host) {
      host.remove(observed);
      host.create(spec);
    }
  }

  /** On the host with the same spec, but stopped: start it. */
  record Start(ContainerSpec spec, ObservedContainer observed) implements ContainerChange {
    @Override
    public String container() {
      return spec.name();
    }

    @Override
    public Action action() {
      return Action.START;
    }

    @Override
    public List<String> reasons() {
      return List.of("stopped");
    }

    @Override
    public void applyTo(Containers host) {
      host.start(observed);
    }
  }

  /** On the host, running, with the same spec: leave it alone. */
  record Keep(ContainerSpec spec) implements ContainerChange {
    @Override
    public String container() {
      return spec.name();
    }

    @Override
    public Action action() {
      return Action.KEEP;
    }

    @Override
    public void applyTo(Containers host) {
      // nothing to do: that is the point of keeping it
    }
  }

  /** Managed by Slipway but no longer wanted on this host: remove it. */
  record Remove(ObservedContainer observed) implements ContainerChange {
    @Override
    public String container() {
      return observed.name();
    }

    @Override
    public Action action() {
      return Action.REMOVE;
    }

    @Override
    public void applyTo(Containers host) {
      host.remove(observed);
    }
  }
}
