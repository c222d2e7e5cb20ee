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
 * Lets a local client reach something on the far side of an SSH connection: a listener on
 * 127.0.0.1 whose every accepted connection opens its own SSH channel and pumps bytes both
 * ways. For the Docker socket the channel is {@link DirectStreamLocalChannel} (docker-java then
 * talks to {@code tcp://127.0.0.1:<port>}); for health checks it is a {@code direct-tcpip}
 * channel to a port the host reaches, as RKE dials its health checks.
 */
final class SshTunnel implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SshTunnel.class);

  /** Opens one channel to the far end. */
  @FunctionalInterface
  interface ChannelFactory {
    net.schmizz.sshj.connection.channel.Channel open() throws IOException;
  }

  private final String target;
  private final ChannelFactory channels;
  private final String host;
  private final ServerSocket listener;

  /** A tunnel to the Unix socket {@code socketPath} on the host. */
  static SshTunnel toSocket(SSHClient ssh, String socketPath, String host) {
    return new SshTunnel(socketPath, () -> {
      DirectStreamLocalChannel channel = new DirectStreamLocalChannel(ssh.getConnection(), socketPath);
      channel.open();
      return channel;
    }, host);
  }

  /** A tunnel to {@code address:port} as the host reaches it. */
  static SshTunnel toPort(SSHClient ssh, String address, int port, String host) {
    return new SshTunnel(address + ":" + port, () -> ssh.newDirectConnection(address, port), host);
  }

  private SshTunnel(String target, ChannelFactory channels, String host) {
    this.target = target;
    this.channels = channels;
    this.host = host;
    try {
      this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException("no loopback port for a tunnel to " + host, e);
    }
    Thread acceptor = new Thread(this::accept, "ssh-tunnel-" + host);
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
        net.schmizz.sshj.connection.channel.Channel channel;
        try {
          channel = channels.open();
        } catch (IOException e) {
          LOG.debug("host {}: cannot open a channel to {}: {}", host, target, e.getMessage());
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
          out.flush();  // the SSH channel buffers; the far end answers only once the request is through
        }
      } catch (IOException e) {
        LOG.trace("host {}: {} ended: {}", host, direction, e.getMessage());
      } finally {
        whenDone.run();
      }
    }, "ssh-tunnel-" + host + "-" + direction);
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
