package io.slipway.standin.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import javax.net.ssl.SSLContext;

/**
 * {@code GET pods/NAME/log}: the apiserver asks the kubelet of the pod's node (its InternalIP
 * and the port in the Node's {@code daemonEndpoints}) for the container's log, presenting the
 * kubelet client certificate ({@code --kubelet-client-certificate}), and streams the answer
 * back, for as long as the kubelet sends with {@code follow=true}.
 */
final class PodLogs {

  private static final List<String> PASSED = List.of("follow", "previous", "tailLines", "timestamps", "sinceSeconds",
      "limitBytes");

  private final ObjectStore store;
  private final Optional<HttpClient> http;

  /** @param tls the context presenting the kubelet client certificate; empty when the flags are not given */
  PodLogs(ObjectStore store, Optional<SSLContext> tls) {
    this.store = store;
    this.http = tls.map(context -> HttpClient.newBuilder().sslContext(context)
        .connectTimeout(Duration.ofSeconds(5)).build());
  }

  void serve(HttpExchange exchange, Request request) throws IOException {
    if (!exchange.getRequestMethod().equals("GET")) {
      throw new ApiException(405, "MethodNotAllowed", "a log can only be read");
    }
    if (http.isEmpty()) {
      throw new ApiException(503, "ServiceUnavailable",
          "the apiserver has no kubelet client certificate (--kubelet-client-certificate) to read logs with");
    }
    ObjectNode pod = store.get(ResourceTypes.PODS, request.namespace(), request.name());
    String container = request.param("container");
    List<String> names = new ArrayList<>();
    pod.path("spec").path("containers").forEach(c -> names.add(c.path("name").asText()));
    if (container == null || container.isEmpty()) {
      if (names.size() != 1) {
        throw ApiException.badRequest("a container name must be specified for pod " + request.name()
            + ", choose one of: " + names);
      }
      container = names.get(0);
    } else if (!names.contains(container) && !initContainer(pod, container)) {
      throw ApiException.badRequest("container " + container + " is not valid for pod " + request.name());
    }
    String nodeName = pod.path("spec").path("nodeName").asText("");
    if (nodeName.isEmpty()) {
      throw ApiException.badRequest("pod " + request.name() + " does not have a host assigned");
    }
    JsonNode node = store.get(ResourceTypes.NODES, null, nodeName);
    String address = internalIp(node).orElseThrow(() -> new ApiException(500, "InternalError",
        "node " + nodeName + " has no InternalIP"));
    int port = node.path("status").path("daemonEndpoints").path("kubeletEndpoint").path("Port").asInt(10250);
    StringBuilder query = new StringBuilder();
    for (String key : PASSED) {
      String value = request.param(key);
      if (value != null) {
        query.append(query.isEmpty() ? "?" : "&").append(key).append('=')
            .append(URLEncoder.encode(value.isEmpty() ? "true" : value, StandardCharsets.UTF_8));
      }
    }
    URI uri = URI.create("https://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + port
        + "/containerLogs/" + request.namespace() + "/" + request.name() + "/" + container + query);
    HttpResponse<InputStream> response;
    try {
      response = http.get().send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "ServiceUnavailable", "interrupted");
    } catch (IOException e) {
      throw new ApiException(500, "InternalError", "Get \"" + uri + "\": " + e.getMessage());
    }
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        throw new ApiException(response.statusCode() == 404 ? 400 : response.statusCode(),
            response.statusCode() == 404 ? "BadRequest" : "InternalError", text);
      }
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        out.flush();
      }
    }
  }

  private static boolean initContainer(JsonNode pod, String name) {
    for (JsonNode c : pod.path("spec").path("initContainers")) {
      if (c.path("name").asText().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static Optional<String> internalIp(JsonNode node) {
    for (JsonNode address : node.path("status").path("addresses")) {
      if (address.path("type").asText().equals("InternalIP")) {
        return Optional.of(address.path("address").asText());
      }
    }
    return Optional.empty();
  }
}
