package io.slipway.standin.cridockerd;

import io.slipway.standin.ComponentFlags;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cri-dockerd} with the real one's flags: the kubelet's runtime endpoint, in front of the
 * node's dockerd. The real one translates the kubelet's CRI calls into Docker API calls; this
 * one, like the stand-in kubelet that runs no containers, relays each connection to dockerd's
 * socket unchanged, so the kubelet has a runtime endpoint that lives and dies with it.
 */
@Command(name = "cri-dockerd", mixinStandardHelpOptions = true, description = "Stand-in cri-dockerd.")
public final class CriDockerdCommand extends ComponentFlags implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(CriDockerdCommand.class);

  @Option(names = "--container-runtime-endpoint", defaultValue = "unix:///var/run/cri-dockerd.sock",
      description = "Where the kubelet reaches it.")
  String endpoint;

  @Option(names = "--docker-endpoint", defaultValue = "unix:///var/run/docker.sock", description = "dockerd's socket.")
  String dockerEndpoint;

  @Override
  public void run() {
    logIgnored(LOG);
    Path socket = unixPath(endpoint, "--container-runtime-endpoint");
    Path docker = unixPath(dockerEndpoint, "--docker-endpoint");
    ExecutorService relays = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "relay");
      t.setDaemon(true);
      return t;
    });
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      Files.deleteIfExists(socket);  // left by an earlier run, as the real one replaces it
      server.bind(UnixDomainSocketAddress.of(socket));
      LOG.info("cri-dockerd listening on {}, in front of {}", endpoint, dockerEndpoint);
      while (true) {
        SocketChannel client = server.accept();
        relays.execute(() -> relay(client, docker, relays));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cri-dockerd cannot serve " + endpoint + ": " + e.getMessage(), e);
    }
  }

  private static void relay(SocketChannel client, Path docker, ExecutorService relays) {
    try (client; SocketChannel engine = SocketChannel.open(UnixDomainSocketAddress.of(docker))) {
      var upstream = relays.submit(() -> copy(client, engine));
      copy(engine, client);
      upstream.get();
    } catch (Exception e) {
      LOG.debug("relay ended: {}", e.getMessage());
    }
  }

  /** Copies until {@code from} ends, then ends what is written to {@code to}. */
  private static Void copy(SocketChannel from, SocketChannel to) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    while (from.read(buffer) >= 0) {
      buffer.flip();
      while (buffer.hasRemaining()) {
        to.write(buffer);
      }
      buffer.clear();
    }
    to.shutdownOutput();
    return null;
  }

  private static Path unixPath(String endpoint, String flag) {
    if (!endpoint.startsWith("unix://")) {
      throw new IllegalArgumentException(flag + " " + endpoint + ": only unix:// endpoints are served");
    }
    return Path.of(endpoint.substring("unix://".length()));
  }
}
