/** The testbed's commands, {@code slipway rehearse} and {@code slipway report}, plugged into the engine's command line. */
package io.slipway.scenarios.cli;
