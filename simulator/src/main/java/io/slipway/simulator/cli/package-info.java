/** The {@code slipway fleet} commands: start, list and remove fleets that outlive the command. */
package io.slipway.simulator.cli;
