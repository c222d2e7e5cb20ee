package io.slipway.simulator.cli;

import io.slipway.engine.cli.CommandPlugin;
import java.util.List;

/** Adds {@code slipway fleet} to the command line when the simulator is on the class path. */
public final class FleetCommands implements CommandPlugin {

  @Override
  public List<Object> commands() {
    return List.of(new FleetCommand());
  }
}
