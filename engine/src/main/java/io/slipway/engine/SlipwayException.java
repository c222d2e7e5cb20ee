package io.slipway.engine;

/**
 * Base of every failure Slipway reports to a user. Subtypes carry the context (file, host,
 * step) as fields; the CLI prints the message once, and the stack trace only with {@code -v}.
 */
public class SlipwayException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SlipwayException(String message) {
    super(message);
  }

  public SlipwayException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A short, actionable line shown under the message, or empty when there is none. */
  public String hint() {
    return "";
  }
}
