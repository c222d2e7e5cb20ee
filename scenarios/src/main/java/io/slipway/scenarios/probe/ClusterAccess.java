package io.slipway.scenarios.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.engine.pki.ClusterCertificates;
import io.slipway.engine.pki.IssuedCertificate;
import io.slipway.engine.pki.TlsContexts;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

/**
 * How probes and checks reach the cluster from outside, as an operator's client would: HTTPS to
 * the API endpoint (the load balancer when there is one) with the admin certificate, the server
 * verified against the cluster CA and by name; and etcd's client port with the same credentials.
 */
public final class ClusterAccess {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** An HTTP answer, or the failure that prevented one. */
  public record Response(int status, String body, Failure failure) {
    public boolean ok() {
      return failure == null && status / 100 == 2;
    }
  }

  /** Why a request got no answer: {@code beforeSending} means it certainly had no effect. */
  public record Failure(String message, boolean beforeSending) {
  }

  private final URI api;
  private final SSLContext tls;
  private final HttpClient http;
  private final Duration timeout;

  public ClusterAccess(URI api, ClusterCertificates pki, Duration timeout) {
    this.api = api;
    this.tls = verifying(pki.require("kube-ca").certificate(), pki.require("kube-admin"));
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  public URI api() {
    return api;
  }

  public Duration timeout() {
    return timeout;
  }

  public Response get(String path) {
    return send(HttpRequest.newBuilder(api.resolve(path)).timeout(timeout).GET().build());
  }

  public Response post(String path, JsonNode body) {
    return send(HttpRequest.newBuilder(api.resolve(path)).timeout(timeout).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
  }

  public Response put(String path, JsonNode body) {
    return send(HttpRequest.newBuilder(api.resolve(path)).timeout(timeout).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body.toString())).build());
  }

  /** POST to etcd's JSON gateway (or GET /health with a null body) of the member reached at {@code member}. */
  public Response etcd(InetSocketAddress member, String path, JsonNode body) {
    URI uri = URI.create("https://" + member.getHostString() + ":" + member.getPort() + path);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout);
    return send(body == null ? request.GET().build()
        : request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build());
  }

  public static Optional<JsonNode> json(Response response) {
    try {
      return response.ok() ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private Response send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body(), null);
    } catch (ConnectException e) {
      return new Response(-1, "", new Failure("connection refused or unreachable: " + e.getMessage(), true));
    } catch (SSLHandshakeException e) {
      return new Response(-1, "", new Failure("TLS: " + e.getMessage(), true));
    } catch (HttpTimeoutException e) {
      return new Response(-1, "", new Failure("timed out after " + timeout.toMillis() + " ms", false));
    } catch (IOException e) {
      return new Response(-1, "", new Failure(e.toString(), false));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Response(-1, "", new Failure("interrupted", false));
    }
  }

  private static SSLContext verifying(X509Certificate ca, IssuedCertificate client) {
    return TlsContexts.verifying(ca, client);
  }

}
