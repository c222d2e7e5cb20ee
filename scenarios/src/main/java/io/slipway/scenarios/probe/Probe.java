package io.slipway.scenarios.probe;

import io.slipway.reports.history.Entry;
import io.slipway.reports.history.ProbeKind;

/** Watches one aspect of the cluster: each call performs one operation and returns its sample. */
public interface Probe {

  ProbeKind kind();

  Entry.Sample sample();
}
