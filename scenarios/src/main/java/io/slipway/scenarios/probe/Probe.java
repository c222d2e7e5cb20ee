package io.slipway.scenarios.probe;

import io.slipway.reports.history.Entry;
import io.slipway.reports.history.ProbeKind;
import java.util.function.Consumer;

/**
 * Watches one aspect of the cluster: each round performs its operations one after another and
 * hands each one's sample to {@code record} as soon as it completes.
 */
public interface Probe {

  ProbeKind kind();

  void round(Consumer<Entry.Sample> record);

  /** A probe whose round is one operation. */
  interface Single extends Probe {

    Entry.Sample sample();

    @Override
    default void round(Consumer<Entry.Sample> record) {
      record.accept(sample());
    }
  }
}
