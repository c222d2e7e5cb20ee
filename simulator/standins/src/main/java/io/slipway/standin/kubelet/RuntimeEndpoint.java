package io.slipway.standin.kubelet;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The container runtime the kubelet is told to use ({@code --container-runtime-endpoint}): as
 * the real kubelet reports its node NotReady while the runtime does not answer, the stand-in
 * checks that the endpoint's socket accepts a connection. Without the flag (the dockershim
 * kubelets before 1.24) the runtime is the node's own dockerd, taken as up.
 */
record RuntimeEndpoint(Path socket) {

  static RuntimeEndpoint of(String flag) {
    if (flag == null || flag.isBlank()) {
      return new RuntimeEndpoint(null);
    }
    return new RuntimeEndpoint(Path.of(flag.startsWith("unix://") ? flag.substring("unix://".length()) : flag));
  }

  /** Why the runtime is down, or empty while it answers. */
  Optional<String> down() {
    if (socket == null) {
      return Optional.empty();
    }
    try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("container runtime is down: unix://" + socket + " does not answer");
    }
  }
}
