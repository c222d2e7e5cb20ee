package io.slipway.simulator.fleet;

/** Where a node's sshd is published on the Docker host. */
public record SshEndpoint(String host, int port) {

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
