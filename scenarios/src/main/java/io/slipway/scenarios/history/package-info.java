/** A run's recorded history as the runner writes it while the run goes; its entries are the format of {@code io.slipway.reports.history}. */
package io.slipway.scenarios.history;
