package io.slipway.standin.client;

/** The apiserver could not be reached or refused a request. */
public final class KubeClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KubeClientException(String message) {
    super(message);
  }

  public KubeClientException(String message, Throwable cause) {
    super(message, cause);
  }
}
