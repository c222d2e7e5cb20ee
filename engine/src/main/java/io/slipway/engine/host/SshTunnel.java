package io.slipway.engine.host;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a local client reach something on the far side of an SSH connection: a local listener
 * whose every accepted connection opens its own SSH channel and pumps bytes both ways. For the
 * Docker socket the listener is a Unix socket in a directory only this user can enter (a TCP
 * port would let any local user drive the host's Docker engine, which is root on that host) and
 * the channel is {@link DirectStreamLocalChannel}; for health checks and API calls it is a port on
 * 127.0.0.1 with a {@code direct-tcpip} channel to a port the host reaches, as RKE dials its
 * health checks (those ends ask for client certificates, or answer only health).
 */
final class SshTunnel implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SshTunnel.class);

  /** Opens one channel to the far end. */
  @FunctionalInterface
  interface ChannelFactory {
    Channel open() throws IOException;
  }

  private final String target;
  private final ChannelFactory channels;
  private final String host;
  private final ServerSocket tcp;
  private final ServerSocketChannel unix;
  private final Path socketDirectory;

  /** A tunnel to the Unix socket {@code socketPath} on the host, listening on a private local Unix socket. */
  static SshTunnel toSocket(SSHClient ssh, String socketPath, String host) {
    return new SshTunnel(socketPath, () -> {
      DirectStreamLocalChannel channel = new DirectStreamLocalChannel(ssh.getConnection(), socketPath);
      channel.open();
      return channel;
    }, host, true);
  }

  /** A tunnel to {@code address:port} as the host reaches it, listening on a loopback port. */
  static SshTunnel toPort(SSHClient ssh, String address, int port, String host) {
    return new SshTunnel(address + ":" + port, () -> ssh.newDirectConnection(address, port), host, false);
  }

  private SshTunnel(String target, ChannelFactory channels, String host, boolean privateSocket) {
    this.target = target;
    this.channels = channels;
    this.host = host;
    try {
      if (privateSocket) {
        socketDirectory = Files.createTempDirectory("slipway-tunnel-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        unix.bind(UnixDomainSocketAddress.of(socketDirectory.resolve("docker.sock")));
        tcp = null;
      } else {
        socketDirectory = null;
        unix = null;
        tcp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("no local listener for a tunnel to " + host, e);
    }
    Thread acceptor = new Thread(privateSocket ? this::acceptUnix : this::acceptTcp, "ssh-tunnel-" + host);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The loopback port of a tunnel to a port. */
  int port() {
    return tcp.getLocalPort();
  }

  /** The {@code unix://} address of a tunnel to a socket. */
  String socketUri() {
    return "unix://" + socketDirectory.resolve("docker.sock");
  }

  private void acceptTcp() {
    while (!tcp.isClosed()) {
      try {
        Socket socket = tcp.accept();
        Channel channel = open(socket);
        if (channel != null) {
          pump(socket.getInputStream(), channel.getOutputStream(), () -> close(channel), "to-far-end");
          pump(channel.getInputStream(), socket.getOutputStream(), () -> close(socket), "from-far-end");
        }
      } catch (IOException e) {
        if (!tcp.isClosed()) {
          LOG.debug("host {}: bridge accept failed: {}", host, e.getMessage());
        }
      }
    }
  }

  private void acceptUnix() {
    while (unix.isOpen()) {
      try {
        SocketChannel socket = unix.accept();
        Channel channel = open(socket);
        if (channel != null) {
          // a blocking channel's streams share one lock (a waiting read would stall every write): read and write the channel itself
          pump(new InputStream() {
            @Override
            public int read() throws IOException {
              byte[] one = new byte[1];
              return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
              return socket.read(ByteBuffer.wrap(buffer, offset, length));
            }
          }, channel.getOutputStream(), () -> close(channel), "to-far-end");
          pump(channel.getInputStream(), new OutputStream() {
            @Override
            public void write(int b) throws IOException {
              write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
              ByteBuffer bytes = ByteBuffer.wrap(buffer, offset, length);
              while (bytes.hasRemaining()) {
                socket.write(bytes);
              }
            }
          }, () -> close(socket), "from-far-end");
        }
      } catch (IOException e) {
        if (unix.isOpen()) {
          LOG.debug("host {}: bridge accept failed: {}", host, e.getMessage());
        }
      }
    }
  }

  /** A channel for a just-accepted connection, or null (the connection closed) when none opens. */
  private Channel open(Closeable accepted) throws IOException {
    try {
      return channels.open();
    } catch (IOException e) {
      LOG.debug("host {}: cannot open a channel to {}: {}", host, target, e.getMessage());
      accepted.close();
      return null;
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
    if (tcp != null) {
      close(tcp);
    }
    if (unix != null) {
      close(unix);
      try {
        Files.deleteIfExists(socketDirectory.resolve("docker.sock"));
        Files.deleteIfExists(socketDirectory);
      } catch (IOException e) {
        LOG.debug("host {}: could not delete {}: {}", host, socketDirectory, e.getMessage());
      }
    }
  }
}
