package io.slipway.standin.apiserver;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A resource request parsed from its path, as the real apiserver's request-info resolver does:
 * {@code /api/v1/namespaces/default/pods/web/status} → pods, namespace default, name web,
 * subresource status.
 */
record Request(ResourceType type, String namespace, String name, String subresource, Map<String, String> query) {

  static Optional<Request> parse(String path, String rawQuery) {
    List<String> parts = List.of(path.replaceAll("^/+|/+$", "").split("/"));
    String group;
    int at;
    if (parts.size() >= 3 && parts.get(0).equals("api")) {
      group = "";
      at = 1;
    } else if (parts.size() >= 4 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      at = 2;
    } else {
      return Optional.empty();
    }
    String version = parts.get(at);
    List<String> rest = parts.subList(at + 1, parts.size());
    String namespace = null;
    if (rest.size() >= 3 && rest.get(0).equals("namespaces")
        && ResourceTypes.find(group, version, rest.get(2)).filter(ResourceType::namespaced).isPresent()) {
      namespace = rest.get(1);
      rest = rest.subList(2, rest.size());
    }
    if (rest.isEmpty() || rest.size() > 3) {
      return Optional.empty();
    }
    Optional<ResourceType> type = ResourceTypes.find(group, version, rest.get(0));
    if (type.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Request(type.get(), namespace, rest.size() > 1 ? rest.get(1) : null,
        rest.size() > 2 ? rest.get(2) : null, query(rawQuery)));
  }

  boolean isWatch() {
    return List.of("true", "1").contains(query.getOrDefault("watch", ""));
  }

  String param(String key) {
    return query.get(key);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> result = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return result;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      result.put(key, value);
    }
    return result;
  }
}
