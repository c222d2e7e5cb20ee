package io.slipway.standin;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.slipway.engine.pki.TlsContexts;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;

/**
 * {@code /healthz} on a component's port, over HTTP, or over HTTPS with a self-signed
 * certificate as the real components serve their secure ports when given none.
 */
public final class HealthServer implements AutoCloseable {

  private final HttpServer server;

  private HealthServer(HttpServer server, BooleanSupplier healthy) {
    this.server = server;
    server.createContext("/healthz", exchange -> {
      boolean ok = healthy.getAsBoolean();
      byte[] body = (ok ? "ok" : "unhealthy").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(ok ? 200 : 500, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.setExecutor(null);
    server.start();
  }

  public static HealthServer http(String host, int port, BooleanSupplier healthy) {
    try {
      return new HealthServer(HttpServer.create(new InetSocketAddress(host, port), 16), healthy);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
    }
  }

  public static HealthServer https(String host, int port, String name, BooleanSupplier healthy) {
    try {
      HttpsServer server = HttpsServer.create(new InetSocketAddress(host, port), 16);
      server.setHttpsConfigurator(new HttpsConfigurator(selfSigned(name)));
      return new HealthServer(server, healthy);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static SSLContext selfSigned(String name) {
    return TlsContexts.serving(Tls.selfSigned(name, List.of("localhost"), List.of("127.0.0.1")));
  }


  @Override
  public void close() {
    server.stop(0);
  }
}
