/** Scenario files as data: the fleet, cluster, probes and steps of a rehearsal. */
package io.slipway.scenarios.model;
