package io.slipway.engine.host;

/** What to do with an SSH host key that known_hosts does not list. */
public enum HostKeyPolicy {
  /** Refuse the connection: the default. */
  VERIFY,
  /** Trust the first key a host presents and append it to known_hosts; only when asked for. */
  TRUST_ON_FIRST_USE
}
