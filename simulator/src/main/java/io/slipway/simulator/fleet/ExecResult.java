package io.slipway.simulator.fleet;

/** What a command run on a node's console printed, and how it exited. */
public record ExecResult(int exitCode, String stdout, String stderr) {

  public boolean succeeded() {
    return exitCode == 0;
  }

  /** Stdout when the command succeeded; otherwise a {@link FleetException} with its output. */
  public String orThrow(String node, String what) {
    if (!succeeded()) {
      throw new FleetException("node " + node + ": " + what + " failed (exit " + exitCode + "): "
          + (stderr.isBlank() ? stdout : stderr).strip());
    }
    return stdout;
  }
}
