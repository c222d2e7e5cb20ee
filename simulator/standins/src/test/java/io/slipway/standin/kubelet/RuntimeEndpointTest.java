package io.slipway.standin.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeEndpointTest {

  @TempDir
  Path dir;

  @Test
  void theRuntimeIsUpWhileItsSocketAcceptsConnections() throws Exception {
    Path socket = dir.resolve("cri-dockerd.sock");
    RuntimeEndpoint runtime = RuntimeEndpoint.of("unix://" + socket);
    assertThat(runtime.down()).hasValueSatisfying(why -> assertThat(why).startsWith("container runtime is down"));
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      assertThat(runtime.down()).isEmpty();
    }
    assertThat(Files.exists(socket)).as("a socket file with no listener").isTrue();
    assertThat(runtime.down()).isPresent();
  }

  @Test
  void withoutAnEndpointTheNodesOwnDockerIsTheRuntime() {
    assertThat(RuntimeEndpoint.of(null).down()).isEmpty();
  }
}
