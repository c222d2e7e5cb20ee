package io.slipway.standin.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.standin.apiserver.Selectors;
import io.slipway.standin.client.KubeClient;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Endpoints of every Service with a selector: the addresses of the pods it selects that have
 * one, ready or not ready, with the Service's target ports (a named target port resolved
 * through the first selected pod's container ports); deleted with their Service.
 */
final class EndpointsController {

  void sync(KubeClient client, List<ObjectNode> pods) {
    List<ObjectNode> services = client.list("/api/v1/services", null);
    Owned.each("endpoints", services, service -> {
      JsonNode selector = service.path("spec").path("selector");
      if (!selector.isObject() || selector.isEmpty()) {
        return;
      }
      String namespace = Owned.namespace(service);
      List<ObjectNode> selected = pods.stream().filter(pod -> Owned.namespace(pod).equals(namespace))
          .filter(Owned::active).filter(pod -> !pod.path("status").path("podIP").asText("").isEmpty())
          .filter(pod -> Selectors.hasLabels(selector, pod)).toList();
      ObjectNode endpoints = client.json().createObjectNode().put("apiVersion", "v1").put("kind", "Endpoints");
      endpoints.putObject("metadata").put("name", Owned.name(service)).put("namespace", namespace);
      ArrayNode subsets = endpoints.putArray("subsets");
      if (!selected.isEmpty()) {
        ObjectNode subset = subsets.addObject();
        for (ObjectNode pod : selected) {
          ObjectNode address = subset.withArray(Owned.ready(pod) ? "addresses" : "notReadyAddresses").addObject()
              .put("ip", pod.path("status").path("podIP").asText())
              .put("nodeName", pod.path("spec").path("nodeName").asText());
          address.putObject("targetRef").put("kind", "Pod").put("namespace", namespace).put("name", Owned.name(pod))
              .put("uid", Owned.uid(pod));
        }
        ArrayNode ports = subset.putArray("ports");
        for (JsonNode port : service.path("spec").path("ports")) {
          ObjectNode p = ports.addObject().put("port", targetPort(port, selected.get(0)))
              .put("protocol", port.path("protocol").asText("TCP"));
          if (port.has("name")) {
            p.put("name", port.path("name").asText());
          }
        }
      }
      String path = "/api/v1/namespaces/" + namespace + "/endpoints/" + Owned.name(service);
      var existing = client.get(path);
      if (existing.isEmpty()) {
        client.create("/api/v1/namespaces/" + namespace + "/endpoints", endpoints);
      } else if (!existing.get().path("subsets").equals(subsets)) {
        endpoints.with("metadata").put("resourceVersion", existing.get().path("metadata").path("resourceVersion").asText());
        client.update(path, endpoints);
      }
    });
    Set<String> named = services.stream().map(s -> Owned.namespace(s) + "/" + Owned.name(s)).collect(Collectors.toSet());
    Owned.each("endpoints", client.list("/api/v1/endpoints", null), endpoints -> {
      if (!named.contains(Owned.namespace(endpoints) + "/" + Owned.name(endpoints))) {
        client.delete("/api/v1/namespaces/" + Owned.namespace(endpoints) + "/endpoints/" + Owned.name(endpoints));
      }
    });
  }


  private static int targetPort(JsonNode servicePort, JsonNode pod) {
    JsonNode target = servicePort.path("targetPort");
    if (target.canConvertToInt() || target.asText().matches("\\d+")) {
      return target.asInt();
    }
    for (JsonNode container : pod.path("spec").path("containers")) {
      for (JsonNode port : container.path("ports")) {
        if (port.path("name").asText().equals(target.asText())) {
          return port.path("containerPort").asInt();
        }
      }
    }
    return servicePort.path("port").asInt();
  }
}
