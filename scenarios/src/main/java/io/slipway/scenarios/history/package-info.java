/** A run's recorded history (history.jsonl) and the verdicts judged over it. */
package io.slipway.scenarios.history;
