package io.slipway.engine.plan;

/**
 * A file as a host holds it: the SHA-256 of its bytes and its permission bits. Never its
 * contents, so an observation holds no secret.
 */
public record ObservedFile(String sha256, int mode) {

  /** Whether the file is already {@code content} (by hash) with {@code wantedMode}. */
  public boolean holds(String contentSha256, int wantedMode) {
    return sha256.equals(contentSha256) && mode == wantedMode;
  }
}
