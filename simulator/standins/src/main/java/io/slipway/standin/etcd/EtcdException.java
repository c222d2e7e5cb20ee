package io.slipway.standin.etcd;

/** etcd could not be reached through any endpoint, or refused the request. */
public class EtcdException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EtcdException(String message, Throwable cause) {
    super(message, cause);
  }

  public EtcdException(String message) {
    super(message);
  }
}
