package io.slipway.engine.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import net.schmizz.sshj.SSHClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets an HTTP client reach a host's Docker socket through SSH: a listener on 127.0.0.1 whose
 * every accepted connection opens its own {@link DirectStreamLocalChannel} to the socket and
 * pumps bytes both ways. docker-java then talks to {@code tcp://127.0.0.1:<port>}.
 */
final class DockerSocketBridge implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DockerSocketBridge.class);

  private final SSHClient ssh;
  private final String socketPath;
  private final String host;
  private final ServerSocket listener;

  DockerSocketBridge(SSHClient ssh, String socketPath, String host) {
    this.ssh = ssh;
    this.socketPath = socketPath;
    this.host = host;
    try {
      this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException("no loopback port for the Docker bridge to " + host, e);
    }
    Thread acceptor = new Thread(this::accept, "docker-bridge-" + host);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket socket = listener.accept();
        DirectStreamLocalChannel channel = new DirectStreamLocalChannel(ssh.getConnection(), socketPath);
        try {
          channel.open();
        } catch (IOException e) {
          LOG.debug("host {}: cannot open {}: {}", host, socketPath, e.getMessage());
          socket.close();
          continue;
        }
        pump(socket.getInputStream(), channel.getOutputStream(), () -> close(channel), "to-docker");
        pump(channel.getInputStream(), socket.getOutputStream(), () -> close(socket), "from-docker");
      } catch (IOException e) {
        if (!listener.isClosed()) {
          LOG.debug("host {}: bridge accept failed: {}", host, e.getMessage());
        }
      }
    }
  }

  private void pump(InputStream in, OutputStream out, Runnable whenDone, String direction) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[32 * 1024];
      try {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          out.write(buffer, 0, n);
          out.flush();  // the SSH channel buffers; Docker answers only once the request is through
        }
      } catch (IOException e) {
        LOG.trace("host {}: {} ended: {}", host, direction, e.getMessage());
      } finally {
        whenDone.run();
      }
    }, "docker-bridge-" + host + "-" + direction);
    thread.setDaemon(true);
    thread.start();
  }

  private static void close(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // already closed by the other direction
    }
  }

  @Override
  public void close() {
    close(listener);
  }
}
