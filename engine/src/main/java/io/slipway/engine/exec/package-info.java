/** Runs a plan's DAG: bounded parallelism, rolling limits per phase, retries, clean failure. */
package io.slipway.engine.exec;
