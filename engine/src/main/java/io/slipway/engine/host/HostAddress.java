package io.slipway.engine.host;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to reach one host: name (for messages), address and SSH port, user, private key (or
 * the SSH agent's socket, when {@code agentSocket} is set), and the Docker socket path on the host.
 */
public record HostAddress(String name, String address, int port, String user, SshKey key, String dockerSocket,
    Path agentSocket) {

  public HostAddress {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(dockerSocket, "dockerSocket");
  }

  /** Key-file authentication. */
  public HostAddress(String name, String address, int port, String user, Path keyFile, String dockerSocket) {
    this(name, address, port, user, new SshKey.File(keyFile), dockerSocket, null);
  }

  /** The same host, authenticating with the SSH agent at {@code socket}. */
  public HostAddress withAgent(Path socket) {
    return new HostAddress(name, address, port, user, key, dockerSocket, socket);
  }

  @Override
  public String toString() {
    return "host " + address + (port == 22 ? "" : ":" + port) + " (" + name + ")";
  }
}
