/**
 * Hosts as the executor reaches them: an SSH session (sshj) with verified host keys, and the
 * host's Docker Engine API through that same connection, as RKE and {@code docker -H ssh://} do.
 */
package io.slipway.engine.host;
