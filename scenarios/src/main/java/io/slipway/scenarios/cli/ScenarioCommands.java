package io.slipway.scenarios.cli;

import io.slipway.engine.cli.CommandPlugin;
import java.util.List;

/** Adds {@code slipway rehearse} and {@code slipway report} to the command line when scenarios are on the class path. */
public final class ScenarioCommands implements CommandPlugin {

  @Override
  public List<Object> commands() {
    return List.of(new RehearseCommand(), new ReportCommand());
  }
}
