package io.slipway.simulator.image;

import io.slipway.engine.SlipwayException;

/** An image could not be built; the message names the image and the failing step. */
public final class ImageBuildException extends SlipwayException {
  private static final long serialVersionUID = 1L;

  public ImageBuildException(String message) {
    super(message);
  }

  public ImageBuildException(String message, Throwable cause) {
    super(message, cause);
  }
}
