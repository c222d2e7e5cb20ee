package io.slipway.standin.apiserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.slipway.standin.NodeClock;
import io.slipway.standin.etcd.EtcdException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stand-in kube-apiserver's HTTPS server. Clients authenticate with certificates signed by
 * the client CA ({@code --client-ca-file}), the user being the certificate's CN, or with a
 * service account's bearer token ({@link ServiceAccountTokens}). Requests with neither get 401,
 * except the health endpoints. Every authenticated user may do everything: RBAC
 * is not modelled.
 */
public final class ApiServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  private final HttpsServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "apiserver");
    t.setDaemon(true);
    return t;
  });
  private final ObjectStore store;
  private final Discovery discovery;
  private final ResourceHandler resources;
  private final Tables tables;
  private final ComponentStatuses componentStatuses;
  private final ServiceAccountTokens tokens;
  private final ObjectMapper json = new ObjectMapper();

  public ApiServer(InetSocketAddress bind, SSLContext tls, ObjectStore store, String gitVersion, String advertise,
      Optional<SSLContext> kubeletClient) throws IOException {
    this.store = store;
    this.discovery = new Discovery(json, gitVersion, advertise);
    this.tables = new Tables(json, NodeClock.get());
    this.resources = new ResourceHandler(store, json, tables, new WatchHandler(store, json),
        new PodLogs(store, kubeletClient));
    this.componentStatuses = new ComponentStatuses(json, store.etcd());
    this.tokens = new ServiceAccountTokens(store);
    this.server = HttpsServer.create(bind, 128);
    server.setHttpsConfigurator(new HttpsConfigurator(tls) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters ssl = tls.getDefaultSSLParameters();
        ssl.setWantClientAuth(true);  // anonymous TLS is allowed so that it can be answered with 401
        params.setSSLParameters(ssl);
      }
    });
    server.createContext("/", this::handle);
    server.setExecutor(executor);
  }

  public void start() {
    server.start();
    LOG.info("serving on {}", server.getAddress());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    try {
      switch (path) {
        case "/livez" -> Responses.text(exchange, 200, "ok");
        case "/healthz", "/readyz" -> {
          boolean ready = store.etcd().healthy();
          Responses.text(exchange, ready ? 200 : 500, ready ? "ok" : "[-]etcd failed: etcd is not reachable or has no quorum");
        }
        default -> authenticated(exchange, path);
      }
    } catch (ApiException e) {
      Responses.json(exchange, e.code(), e.toStatus(json));
    } catch (EtcdException e) {
      LOG.warn("{} {}: {}", exchange.getRequestMethod(), path, e.getMessage());
      Responses.json(exchange, 500, new ApiException(500, "InternalError", "etcd: " + e.getMessage()).toStatus(json));
    } catch (RuntimeException e) {
      LOG.warn("{} {} failed", exchange.getRequestMethod(), path, e);
      Responses.json(exchange, 500, new ApiException(500, "InternalError", e.toString()).toStatus(json));
    } finally {
      exchange.close();
    }
  }

  private void authenticated(HttpExchange exchange, String path) throws IOException {
    Optional<String> user = user(exchange);
    if (user.isEmpty()) {
      throw new ApiException(401, "Unauthorized", "Unauthorized");
    }
    switch (path) {
      case "/version" -> Responses.json(exchange, 200, discovery.version());
      case "/api" -> Responses.json(exchange, 200, discovery.apiVersions());
      case "/apis" -> Responses.json(exchange, 200, discovery.groups());
      case "/api/v1" -> Responses.json(exchange, 200, discovery.resources("", "v1"));
      case "/openapi/v2" -> Responses.bytes(exchange, 200, "application/octet-stream",
          discovery.openApiProto());
      default -> {
        String[] parts = path.split("/");
        if (parts.length == 4 && parts[1].equals("apis")
            && ResourceTypes.groupVersions(parts[2]).contains(parts[2] + "/" + parts[3])) {
          Responses.json(exchange, 200, discovery.resources(parts[2], parts[3]));
          return;
        }
        if ("websocket".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Upgrade"))) {
          // Watches are served as plain HTTP streams only; clients that try a WebSocket first
          // (fabric8) fall back to one when the upgrade is answered 503.
          throw new ApiException(503, "ServiceUnavailable", "WebSocket upgrades are not supported; watch over HTTP");
        }
        Request request = Request.parse(path, exchange.getRequestURI().getRawQuery())
            .orElseThrow(() -> new ApiException(404, "NotFound", "the server could not find the requested resource"));
        if (request.type() == ResourceTypes.COMPONENT_STATUSES) {
          componentStatus(exchange, request);
          return;
        }
        if (request.type() == ResourceTypes.SELF_SUBJECT_ACCESS_REVIEWS) {
          accessReview(exchange, user.get());
          return;
        }
        resources.handle(exchange, request);
      }
    }
  }

  private void componentStatus(HttpExchange exchange, Request request) throws IOException {
    if (!exchange.getRequestMethod().equals("GET") || request.isWatch()) {
      throw new ApiException(405, "MethodNotAllowed", "componentstatuses can only be read");
    }
    boolean table = Tables.wanted(exchange.getRequestHeaders().getFirst("Accept"));
    if (request.name() == null) {
      ObjectNode list = componentStatuses.list();
      List<ObjectNode> items = new ArrayList<>();
      list.path("items").forEach(item -> items.add((ObjectNode) item));
      Responses.json(exchange, 200, table ? tables.table(ResourceTypes.COMPONENT_STATUSES, items, "") : list);
    } else {
      ObjectNode status = componentStatuses.get(request.name());
      Responses.json(exchange, 200, table ? tables.table(ResourceTypes.COMPONENT_STATUSES, List.of(status), "") : status);
    }
  }

  /**
   * {@code kubectl auth can-i}: the review comes back allowed, which is the truth here (every
   * authenticated user may do everything), with the reason saying so.
   */
  private void accessReview(HttpExchange exchange, String user) throws IOException {
    if (!exchange.getRequestMethod().equals("POST")) {
      throw new ApiException(405, "MethodNotAllowed", "a selfsubjectaccessreview can only be created");
    }
    ObjectNode review = (ObjectNode) json.readTree(exchange.getRequestBody());
    review.put("apiVersion", "authorization.k8s.io/v1").put("kind", "SelfSubjectAccessReview");
    review.putObject("status").put("allowed", true).put("reason", "the stand-in apiserver does not model RBAC: "
        + "every authenticated user, " + user + " too, may do everything");
    Responses.json(exchange, 201, review);
  }

  private Optional<String> user(HttpExchange exchange) {
    if (!(exchange instanceof HttpsExchange https)) {
      return Optional.empty();
    }
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return tokens.user(authorization.substring(7).trim());
    }
    try {
      Certificate[] chain = https.getSSLSession().getPeerCertificates();
      if (chain.length > 0 && chain[0] instanceof X509Certificate cert) {
        String dn = cert.getSubjectX500Principal().getName();
        return Arrays.stream(dn.split(",")).filter(p -> p.startsWith("CN=")).map(p -> p.substring(3)).findFirst();
      }
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
