package io.slipway.standin.apiserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.standin.etcd.EtcdClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code kubectl get componentstatuses}, as the v1.13 apiserver answers it: the scheduler and
 * the controller-manager by their insecure /healthz on this host (10251, 10252), and each etcd
 * server by its /health, probed at the moment of the request; nothing is stored.
 */
final class ComponentStatuses {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final ObjectMapper json;
  private final EtcdClient etcd;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  ComponentStatuses(ObjectMapper json, EtcdClient etcd) {
    this.json = json;
    this.etcd = etcd;
  }

  ObjectNode list() {
    ObjectNode list = json.createObjectNode().put("kind", "ComponentStatusList").put("apiVersion", "v1");
    list.putObject("metadata");
    probes().forEach((name, probe) -> list.withArray("items").add(status(name, probe.get())));
    return list;
  }

  ObjectNode get(String name) {
    Supplier<Optional<String>> probe = probes().get(name);
    if (probe == null) {
      throw ApiException.notFound(ResourceTypes.COMPONENT_STATUSES, name);
    }
    return status(name, probe.get());
  }

  private Map<String, Supplier<Optional<String>>> probes() {
    Map<String, Supplier<Optional<String>>> probes = new LinkedHashMap<>();
    probes.put("scheduler", () -> healthz(10251));
    probes.put("controller-manager", () -> healthz(10252));
    List<URI> servers = new ArrayList<>(etcd.endpoints());
    for (int i = 0; i < servers.size(); i++) {
      URI server = servers.get(i);
      probes.put("etcd-" + i, () -> etcd.health(server));
    }
    return probes;
  }

  private Optional<String> healthz(int port) {
    URI uri = URI.create("http://127.0.0.1:" + port + "/healthz");
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.empty()
          : Optional.of("Get " + uri + ": HTTP " + response.statusCode());
    } catch (IOException e) {
      return Optional.of("Get " + uri + ": dial tcp 127.0.0.1:" + port + ": connect: connection refused");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }

  private ObjectNode status(String name, Optional<String> problem) {
    ObjectNode status = json.createObjectNode().put("kind", "ComponentStatus").put("apiVersion", "v1");
    status.putObject("metadata").put("name", name);
    ObjectNode condition = status.withArray("conditions").addObject().put("type", "Healthy")
        .put("status", problem.isEmpty() ? "True" : "False");
    if (problem.isEmpty()) {
      condition.put("message", name.startsWith("etcd") ? "{\"health\":\"true\"}" : "ok");
    } else {
      condition.put("error", problem.get());
    }
    return status;
  }
}
