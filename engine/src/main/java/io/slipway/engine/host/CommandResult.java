package io.slipway.engine.host;

/** How a command run on a host exited and what it printed. */
public record CommandResult(int exitCode, String stdout, String stderr) {

  public boolean succeeded() {
    return exitCode == 0;
  }
}
