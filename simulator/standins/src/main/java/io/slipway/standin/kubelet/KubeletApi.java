package io.slipway.standin.kubelet;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The kubelet's API on its port (10250), the part the apiserver calls: {@code /healthz} and
 * {@code /containerLogs/NAMESPACE/POD/CONTAINER} (with {@code follow}, {@code tailLines},
 * {@code timestamps}, {@code sinceSeconds} and {@code previous}), which {@code kubectl logs}
 * reaches through the apiserver. Callers present a client certificate signed by the client CA
 * ({@code --client-ca-file}); without one they get 401 unless anonymous access is allowed.
 */
final class KubeletApi implements AutoCloseable {

  private final HttpsServer server;
  private final DockerRuntime runtime;
  private final boolean anonymous;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "kubelet-api");
    t.setDaemon(true);
    return t;
  });

  KubeletApi(InetSocketAddress bind, SSLContext tls, boolean clientCa, boolean anonymous, DockerRuntime runtime) {
    this.runtime = runtime;
    this.anonymous = anonymous;
    try {
      this.server = HttpsServer.create(bind, 64);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + bind, e);
    }
    server.setHttpsConfigurator(new HttpsConfigurator(tls) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters ssl = tls.getDefaultSSLParameters();
        ssl.setWantClientAuth(clientCa);
        params.setSSLParameters(ssl);
      }
    });
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/healthz")) {
        text(exchange, 200, "ok");
        return;
      }
      if (!anonymous && !authenticated(exchange)) {
        text(exchange, 401, "Unauthorized");
        return;
      }
      String[] parts = path.split("/");
      if (parts.length == 5 && parts[1].equals("containerLogs") && exchange.getRequestMethod().equals("GET")) {
        logs(exchange, parts[2], parts[3], parts[4], query(exchange.getRequestURI().getRawQuery()));
      } else {
        text(exchange, 404, "404 page not found");
      }
    }
  }

  private void logs(HttpExchange exchange, String namespace, String pod, String container, Map<String, String> query)
      throws IOException {
    boolean previous = Boolean.parseBoolean(query.get("previous"));
    var instances = runtime.list().stream().filter(c -> c.namespace().equals(namespace) && c.podName().equals(pod)
        && c.container().equals(container)).sorted(Comparator.comparingInt(ObservedContainer::attempt).reversed())
        .toList();
    Optional<ObservedContainer> chosen = instances.stream().skip(previous ? 1 : 0).findFirst();
    if (chosen.isEmpty()) {
      text(exchange, 404, previous ? "previous terminated container \"" + container + "\" in pod \"" + pod
          + "\" not found" : "container \"" + container + "\" in pod \"" + pod + "\" is not available");
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", "text/plain");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    boolean follow = Boolean.parseBoolean(query.get("follow"));
    try (ResultCallback.Adapter<Frame> stream = runtime.logs(chosen.get().id(), follow,
        integer(query.get("tailLines")), Boolean.parseBoolean(query.get("timestamps")),
        integer(query.get("sinceSeconds")), bytes -> {
          try {
            out.write(bytes);
            out.flush();
          } catch (IOException e) {
            throw new UncheckedIOException(e);  // the client went away: ends the stream
          }
        })) {
      stream.awaitCompletion();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (UncheckedIOException e) {
      // the reader hung up
    }
  }

  private static Integer integer(String text) {
    return text == null || text.isEmpty() ? null : Integer.valueOf(text);
  }

  private static boolean authenticated(HttpExchange exchange) {
    if (!(exchange instanceof HttpsExchange https)) {
      return false;
    }
    try {
      return https.getSSLSession().getPeerCertificates().length > 0;
    } catch (SSLPeerUnverifiedException e) {
      return false;
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        String[] kv = pair.split("=", 2);
        query.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
            kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "true");
      }
    }
    return query;
  }

  private static void text(HttpExchange exchange, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(code, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
