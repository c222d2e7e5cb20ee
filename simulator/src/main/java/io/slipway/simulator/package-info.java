/** The testbed: fleets of containerized fake nodes that the unchanged engine deploys onto. */
package io.slipway.simulator;
