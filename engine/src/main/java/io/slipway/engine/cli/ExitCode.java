package io.slipway.engine.cli;

/** Process exit codes of every {@code slipway} command. */
public enum ExitCode {
  OK(0),
  /** The run failed (a host, a step, an expectation). */
  FAILED(1),
  /** The input was bad; nothing was touched. */
  BAD_INPUT(2),
  /** {@code plan --detailed-exitcode}: {@code up} would change something. */
  CHANGES_PENDING(3);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
