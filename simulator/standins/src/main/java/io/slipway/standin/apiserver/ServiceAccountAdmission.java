package io.slipway.standin.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * What the ServiceAccount admission plugin of Kubernetes 1.20 and before does to a new pod: it
 * runs as {@code default} unless it names an account; the account must exist; and, unless the
 * pod or its account opts out ({@code automountServiceAccountToken: false}), the account's token
 * secret is mounted read-only at {@value #MOUNT_PATH} in every container, as in-cluster clients
 * (kubectl in RKE's addon jobs) expect. One leniency: a pod of the {@code default} account made
 * before the controller-manager has given the namespace that account and its token is let in
 * without one (a real apiserver refuses it until then).
 */
final class ServiceAccountAdmission {

  static final String MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
  private static final String DEFAULT = "default";

  private final ObjectStore store;

  ServiceAccountAdmission(ObjectStore store) {
    this.store = store;
  }

  void admit(String namespace, ObjectNode pod) {
    ObjectNode spec = pod.with("spec");
    String account = spec.path("serviceAccountName").asText("");
    if (account.isEmpty()) {
      account = spec.path("serviceAccount").asText(DEFAULT);
    }
    spec.put("serviceAccountName", account).put("serviceAccount", account);
    if (!spec.path("automountServiceAccountToken").asBoolean(true) || mountsToken(spec)) {
      return;
    }
    String name = pod.path("metadata").path("name").asText();
    Optional<ObjectNode> found = find(ResourceTypes.SERVICE_ACCOUNTS, namespace, account);
    if (found.isEmpty()) {
      if (account.equals(DEFAULT)) {
        return;
      }
      throw forbidden(name, "error looking up service account " + namespace + "/" + account + ": serviceaccount \""
          + account + "\" not found");
    }
    if (!found.get().path("automountServiceAccountToken").asBoolean(true)) {
      return;
    }
    Optional<String> secret = tokenSecret(namespace, found.get());
    if (secret.isEmpty()) {
      if (account.equals(DEFAULT)) {
        return;
      }
      throw forbidden(name, "no API token found for service account \"" + namespace + "/" + account
          + "\", retry after the token is automatically created and added to the service account");
    }
    spec.withArray("volumes").addObject().put("name", secret.get()).putObject("secret")
        .put("secretName", secret.get()).put("defaultMode", 420);
    for (String containers : new String[] {"initContainers", "containers"}) {
      for (JsonNode container : spec.path(containers)) {
        ((ObjectNode) container).withArray("volumeMounts").addObject().put("name", secret.get())
            .put("readOnly", true).put("mountPath", MOUNT_PATH);
      }
    }
  }

  private static boolean mountsToken(JsonNode spec) {
    for (JsonNode container : spec.path("containers")) {
      for (JsonNode mount : container.path("volumeMounts")) {
        if (mount.path("mountPath").asText().equals(MOUNT_PATH)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The first token secret the account lists that exists. */
  private Optional<String> tokenSecret(String namespace, JsonNode account) {
    for (JsonNode reference : account.path("secrets")) {
      String secret = reference.path("name").asText();
      Optional<ObjectNode> found = find(ResourceTypes.SECRETS, namespace, secret);
      if (found.isPresent() && found.get().path("type").asText().equals(ServiceAccountTokens.TYPE)) {
        return Optional.of(secret);
      }
    }
    return Optional.empty();
  }

  private Optional<ObjectNode> find(ResourceType type, String namespace, String name) {
    try {
      return Optional.of(store.get(type, namespace, name));
    } catch (ApiException e) {
      if (e.code() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static ApiException forbidden(String pod, String why) {
    return new ApiException(403, "Forbidden", "pods \"" + pod + "\" is forbidden: " + why);
  }
}
