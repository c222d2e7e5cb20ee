package io.slipway.standin.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.standin.Tls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A small apiserver client for the stand-in components: JSON in and out over mutual TLS, as
 * the real components talk through the address in their kubeconfig.
 */
public final class KubeClient {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final URI server;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  public KubeClient(ApiAccess config) {
    this.server = config.server();
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
        .sslContext(Tls.context(config.certificateAuthority(), config.clientCertificate(), config.clientKey())).build();
  }

  public ObjectMapper json() {
    return json;
  }

  public Optional<ObjectNode> get(String path) {
    Response response = send("GET", path, null, null);
    if (response.code() == 404) {
      return Optional.empty();
    }
    return Optional.of(response.expect(200, "GET " + path));
  }

  /** Items of a list, optionally with a field selector such as {@code spec.nodeName=worker-1}. */
  public List<ObjectNode> list(String path, String fieldSelector) {
    String query = fieldSelector == null ? "" : "?fieldSelector=" + URLEncoder.encode(fieldSelector, StandardCharsets.UTF_8);
    ObjectNode list = send("GET", path + query, null, null).expect(200, "GET " + path);
    List<ObjectNode> items = new ArrayList<>();
    list.path("items").forEach(item -> items.add((ObjectNode) item));
    return items;
  }

  /** Creates; empty when it already exists (409). */
  public Optional<ObjectNode> create(String path, ObjectNode body) {
    Response response = send("POST", path, body, "application/json");
    return response.code() == 409 ? Optional.empty() : Optional.of(response.expect(201, "POST " + path));
  }

  /** Replaces; empty on a resourceVersion conflict (409). */
  public Optional<ObjectNode> update(String path, ObjectNode body) {
    Response response = send("PUT", path, body, "application/json");
    return response.code() == 409 ? Optional.empty() : Optional.of(response.expect(200, "PUT " + path));
  }

  /** Deletes; false when it was gone already (404). */
  public boolean delete(String path) {
    Response response = send("DELETE", path, null, null);
    if (response.code() == 404) {
      return false;
    }
    response.expect(200, "DELETE " + path);
    return true;
  }

  public ObjectNode mergePatch(String path, JsonNode patch) {
    return send("PATCH", path, patch, "application/merge-patch+json").expect(200, "PATCH " + path);
  }

  public ObjectNode strategicPatch(String path, JsonNode patch) {
    return send("PATCH", path, patch, "application/strategic-merge-patch+json").expect(200, "PATCH " + path);
  }

  /**
   * Watches {@code path} (objects matching {@code fieldSelector}, null for all), handing each
   * event's type (ADDED, MODIFIED, DELETED) to {@code events} as it arrives, the current objects
   * first (as ADDED), until the server
   * ends the watch (after {@code timeoutSeconds}) or the connection fails (thrown).
   */
  public void watch(String path, String fieldSelector, int timeoutSeconds, Consumer<String> events) {
    String query = "?watch=true&timeoutSeconds=" + timeoutSeconds + (fieldSelector == null ? ""
        : "&fieldSelector=" + URLEncoder.encode(fieldSelector, StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(server.resolve(path + query)).header("Accept", "application/json")
        .GET().build();
    try {
      HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
      try (Stream<String> lines = response.body()) {
        if (response.statusCode() != 200) {
          throw new KubeClientException("watch " + path + " answered " + response.statusCode());
        }
        lines.filter(line -> !line.isBlank()).forEach(line -> {
          try {
            events.accept(json.readTree(line).path("type").asText());
          } catch (IOException e) {
            throw new KubeClientException("watch " + path + ": unreadable event", e);
          }
        });
      }
    } catch (IOException | UncheckedIOException e) {
      throw new KubeClientException("watch " + server.resolve(path) + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubeClientException("interrupted: watch " + path, e);
    }
  }

  private Response send(String method, String path, JsonNode body, String contentType) {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path)).timeout(TIMEOUT)
        .header("Accept", "application/json");
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    }
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new KubeClientException(method + " " + server.resolve(path) + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubeClientException("interrupted: " + method + " " + path, e);
    }
  }

  private final class Response {
    private final int code;
    private final String body;

    Response(int code, String body) {
      this.code = code;
      this.body = body;
    }

    int code() {
      return code;
    }

    ObjectNode expect(int expected, String what) {
      if (code != expected) {
        throw new KubeClientException(what + " answered " + code + ": " + body);
      }
      try {
        return (ObjectNode) json.readTree(body);
      } catch (IOException e) {
        throw new KubeClientException(what + ": unreadable answer", e);
      }
    }
  }
}
