package io.slipway.standin.cridockerd;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.engine.Poll;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The stand-in relays the kubelet's connections to dockerd's socket, both ways, until dockerd ends. */
class CriDockerdCommandTest {

  @TempDir
  Path dir;

  @Test
  void aConnectionToTheRuntimeEndpointReachesDockerdAndBack() throws Exception {
    Path docker = dir.resolve("docker.sock");
    Path endpoint = dir.resolve("cri-dockerd.sock");
    Files.writeString(endpoint, "stale");
    try (ServerSocketChannel dockerd = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dockerd.bind(UnixDomainSocketAddress.of(docker));
      Thread relay = new Thread(() -> new CommandLine(new CriDockerdCommand()).execute(
          "--container-runtime-endpoint=unix://" + endpoint, "--docker-endpoint=unix://" + docker,
          "--network-plugin=cni"));
      relay.setDaemon(true);
      relay.start();
      // the stale file replaced by the socket (a probe connection would be relayed too)
      assertThat(Poll.until(Duration.ofSeconds(10), Duration.ofMillis(20),
          () -> Files.exists(endpoint) && !Files.isRegularFile(endpoint))).isTrue();
      try (SocketChannel kubelet = SocketChannel.open(UnixDomainSocketAddress.of(endpoint))) {
        kubelet.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        kubelet.shutdownOutput();
        SocketChannel engine = dockerd.accept();
        assertThat(readAll(engine)).isEqualTo("GET /_ping HTTP/1.0\r\n\r\n");
        engine.write(ByteBuffer.wrap("HTTP/1.0 200 OK\r\n\r\nOK".getBytes(StandardCharsets.US_ASCII)));
        engine.close();
        assertThat(readAll(kubelet)).isEqualTo("HTTP/1.0 200 OK\r\n\r\nOK");
      }
    }
  }

  private static String readAll(SocketChannel channel) throws IOException {
    StringBuilder text = new StringBuilder();
    ByteBuffer buffer = ByteBuffer.allocate(4096);
    while (channel.read(buffer) >= 0) {
      buffer.flip();
      text.append(StandardCharsets.US_ASCII.decode(buffer));
      buffer.clear();
    }
    return text.toString();
  }
}
