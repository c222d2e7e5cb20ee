package io.slipway.engine;

/**
 * Input that cannot be used: a file, option or argument a command refused before it touched
 * anything. Every loader's refusals are of this kind; the command line exits 2 for it.
 */
public class BadInputException extends SlipwayException {
  private static final long serialVersionUID = 1L;

  public BadInputException(String message) {
    super(message);
  }

  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
