package io.slipway.engine.host;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to reach one host: name (for messages), address and SSH port, user, private key file, and
 * the Docker socket path on the host.
 */
public record HostAddress(String name, String address, int port, String user, Path keyFile, String dockerSocket) {

  public HostAddress {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(dockerSocket, "dockerSocket");
  }

  @Override
  public String toString() {
    return "host " + address + (port == 22 ? "" : ":" + port) + " (" + name + ")";
  }
}
