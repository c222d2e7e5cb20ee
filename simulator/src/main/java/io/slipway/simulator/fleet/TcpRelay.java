package io.slipway.simulator.fleet;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback port whose connections are passed on to {@code host:port}: how the local Docker
 * engine pushes to a registry on another engine over plain HTTP, which it allows to loopback
 * addresses only.
 */
final class TcpRelay implements AutoCloseable {

  private final ServerSocket server;
  private final InetSocketAddress target;

  private TcpRelay(ServerSocket server, InetSocketAddress target) {
    this.server = server;
    this.target = target;
  }

  static TcpRelay to(String host, int port) {
    try {
      ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      TcpRelay relay = new TcpRelay(server, new InetSocketAddress(host, port));
      daemon("slipway-relay-" + port, relay::accept);
      return relay;
    } catch (IOException e) {
      throw new FleetException("cannot open a loopback port to relay to " + host + ":" + port, e);
    }
  }

  /** The loopback port. */
  int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket();
        try {
          upstream.connect(target, 5000);
        } catch (IOException e) {
          client.close();
          continue;
        }
        AtomicInteger open = new AtomicInteger(2);
        pipe(client, upstream, open);
        pipe(upstream, client, open);
      } catch (IOException e) {
        // closed
      }
    }
  }

  /** Copies one direction; its end is passed on as a half-close; the last direction to end closes both. */
  private static void pipe(Socket from, Socket to, AtomicInteger open) {
    daemon("slipway-relay-pipe", () -> {
      try {
        from.getInputStream().transferTo(to.getOutputStream());
        to.shutdownOutput();
      } catch (IOException e) {
        closeQuietly(from);  // one side went away: so does the other direction
        closeQuietly(to);
      }
      if (open.decrementAndGet() == 0) {
        closeQuietly(from);
        closeQuietly(to);
      }
    });
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closed either way
    }
  }

  private static void daemon(String name, Runnable work) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closed either way
    }
  }
}
