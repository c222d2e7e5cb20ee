package io.slipway.standin.delay;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The relays of {@link DelayProxyCommand}: a listener per route, two {@link DelayedPipe}s per connection. */
final class DelayProxy implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DelayProxy.class);
  private static final int CONNECT_TIMEOUT_MS = 5_000;

  private final List<ServerSocket> listeners;

  private DelayProxy(List<ServerSocket> listeners) {
    this.listeners = listeners;
  }

  /** How long each chunk is held: {@code delay}, give or take up to {@code jitter}, uniformly. */
  static LongSupplier jittered(Duration delay, Duration jitter, Random random) {
    long base = delay.toNanos();
    long spread = jitter.toNanos();
    return () -> Math.max(0, base + (spread == 0 ? 0 : (long) ((random.nextDouble() * 2 - 1) * spread)));
  }

  /** Listens on every route's address (all or none) and relays what connects, holding one side for {@code held}. */
  static DelayProxy start(List<DelayProxyCommand.Route> routes, LongSupplier held) throws IOException {
    List<ServerSocket> listeners = new ArrayList<>();
    try {
      for (DelayProxyCommand.Route route : routes) {
        ServerSocket listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(route.listen());
        listeners.add(listener);
        Thread accepting = new Thread(() -> accept(listener, route, held), "accept-" + listener.getLocalPort());
        accepting.setDaemon(true);
        accepting.start();
      }
    } catch (IOException e) {
      new DelayProxy(listeners).close();
      throw e;
    }
    return new DelayProxy(listeners);
  }

  /** The port each route listens on, in order (the bound one when a route asked for port 0). */
  List<Integer> ports() {
    return listeners.stream().map(ServerSocket::getLocalPort).toList();
  }

  @Override
  public void close() {
    for (ServerSocket listener : listeners) {
      try {
        listener.close();
      } catch (IOException ignored) {
        // closing is all that is left to do
      }
    }
  }

  private static void accept(ServerSocket listener, DelayProxyCommand.Route route, LongSupplier held) {
    AtomicInteger count = new AtomicInteger();
    while (!listener.isClosed()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        if (!listener.isClosed()) {
          LOG.warn("{}: no longer accepting: {}", route.listen(), e.getMessage());
        }
        return;
      }
      Socket server = new Socket();
      try {
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        server.connect(route.target(), CONNECT_TIMEOUT_MS);
      } catch (IOException e) {
        LOG.warn("{} -> {}: {}", route.listen(), route.target(), e.getMessage());
        DelayedPipe.closeQuietly(client);
        DelayedPipe.closeQuietly(server);
        continue;
      }
      String name = "c" + listener.getLocalPort() + "-" + count.incrementAndGet();
      AtomicInteger open = new AtomicInteger(2);
      Runnable done = () -> {
        if (open.decrementAndGet() == 0) {
          DelayedPipe.closeQuietly(client);
          DelayedPipe.closeQuietly(server);
        }
      };
      LongSupplier none = () -> 0;
      DelayProxyCommand.Side side = route.delayed();
      new DelayedPipe(client, server, side != DelayProxyCommand.Side.SERVER ? held : none, done).start(name + "-up");
      new DelayedPipe(server, client, side != DelayProxyCommand.Side.CLIENT ? held : none, done).start(name + "-down");
    }
  }
}
