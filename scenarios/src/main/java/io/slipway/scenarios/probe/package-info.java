/** Probes: clients that watch the cluster from outside for the whole scenario. */
package io.slipway.scenarios.probe;
