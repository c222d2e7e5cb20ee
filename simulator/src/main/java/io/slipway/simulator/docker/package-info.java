/** The local Docker engine the fleet runs on: reachability check and command helpers. */
package io.slipway.simulator.docker;
