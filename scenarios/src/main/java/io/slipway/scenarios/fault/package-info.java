/** Faults injected into a fleet, each with its heal. */
package io.slipway.scenarios.fault;
