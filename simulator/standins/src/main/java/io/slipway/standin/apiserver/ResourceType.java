package io.slipway.standin.apiserver;

import java.util.List;

/**
 * A kind of object the stand-in apiserver serves: its REST name (plural), kind, API group and
 * version, whether it lives in a namespace, and the short names kubectl accepts.
 */
public record ResourceType(String plural, String singular, String kind, String group, String version,
    boolean namespaced, List<String> shortNames, List<String> subresources) {

  /** {@code v1} or {@code coordination.k8s.io/v1}. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** Where objects of this type live in etcd: {@code /registry/configmaps/default/name}. */
  public String key(String namespace, String name) {
    return namespaced ? "/registry/" + plural + "/" + namespace + "/" + name : "/registry/" + plural + "/" + name;
  }

  /** The etcd prefix of a list, in one namespace or (null) all of them. */
  public String prefix(String namespace) {
    return namespaced && namespace != null ? "/registry/" + plural + "/" + namespace + "/" : "/registry/" + plural + "/";
  }
}
