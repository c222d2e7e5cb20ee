package io.slipway.standin.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.standin.client.KubeClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service-account and token controllers of the controller-manager (Kubernetes 1.20 and
 * before): every active namespace gets a {@code default} account; every account gets a token
 * secret ({@code NAME-token-XXXXX}, type {@value #TOKEN_TYPE}, with the token, the cluster's CA
 * from {@code --root-ca-file} and the namespace) listed in its {@code secrets}; a token secret
 * whose account is gone is deleted, which revokes the token. Tokens are random, not signed: the
 * stand-in apiserver looks them up.
 */
final class ServiceAccountsController {

  static final String TOKEN_TYPE = "kubernetes.io/service-account-token";
  private static final String ACCOUNT_NAME = "kubernetes.io/service-account.name";
  private static final String ACCOUNT_UID = "kubernetes.io/service-account.uid";
  private static final Logger LOG = LoggerFactory.getLogger(ServiceAccountsController.class);
  private static final Base64.Encoder BASE64 = Base64.getEncoder();

  private final byte[] rootCa;
  private final SecureRandom random = new SecureRandom();

  /** {@code rootCa}: the PEM written into every token secret as {@code ca.crt}. */
  ServiceAccountsController(byte[] rootCa) {
    this.rootCa = rootCa.clone();
  }

  void sync(KubeClient client) {
    List<ObjectNode> accounts = client.list("/api/v1/serviceaccounts", null);
    Set<String> present = new HashSet<>();
    accounts.forEach(a -> present.add(Owned.namespace(a) + "/" + Owned.name(a)));
    for (ObjectNode namespace : client.list("/api/v1/namespaces", null)) {
      String name = Owned.name(namespace);
      if (namespace.path("status").path("phase").asText("Active").equals("Active")
          && !present.contains(name + "/default")) {
        ObjectNode account = client.json().createObjectNode();
        account.putObject("metadata").put("name", "default");
        client.create("/api/v1/namespaces/" + name + "/serviceaccounts", account)
            .ifPresent(accounts::add);
      }
    }
    List<ObjectNode> secrets = client.list("/api/v1/secrets", "type=" + TOKEN_TYPE);
    Set<String> tokens = new HashSet<>();
    for (ObjectNode secret : secrets) {
      String account = secret.path("metadata").path("annotations").path(ACCOUNT_NAME).asText();
      if (!present.contains(Owned.namespace(secret) + "/" + account)) {
        if (client.delete("/api/v1/namespaces/" + Owned.namespace(secret) + "/secrets/" + Owned.name(secret))) {
          LOG.info("deleted token secret {}/{}: its service account is gone", Owned.namespace(secret),
              Owned.name(secret));
        }
      } else {
        tokens.add(Owned.namespace(secret) + "/" + Owned.name(secret));
      }
    }
    for (ObjectNode account : accounts) {
      boolean hasToken = false;
      for (JsonNode reference : account.path("secrets")) {
        hasToken |= tokens.contains(Owned.namespace(account) + "/" + reference.path("name").asText());
      }
      if (!hasToken) {
        issueToken(client, account);
      }
    }
  }

  private void issueToken(KubeClient client, ObjectNode account) {
    String namespace = Owned.namespace(account);
    ObjectNode secret = client.json().createObjectNode().put("type", TOKEN_TYPE);
    secret.putObject("metadata").put("generateName", Owned.name(account) + "-token-").putObject("annotations")
        .put(ACCOUNT_NAME, Owned.name(account)).put(ACCOUNT_UID, Owned.uid(account));
    byte[] token = new byte[32];
    random.nextBytes(token);
    secret.putObject("data")
        .put("token", BASE64.encodeToString(Base64.getUrlEncoder().withoutPadding().encode(token)))
        .put("ca.crt", BASE64.encodeToString(rootCa))
        .put("namespace", BASE64.encodeToString(namespace.getBytes(StandardCharsets.UTF_8)));
    ObjectNode created = client.create("/api/v1/namespaces/" + namespace + "/secrets", secret).orElseThrow();
    ObjectNode patch = client.json().createObjectNode();
    patch.set("secrets", account.path("secrets").isArray() ? account.get("secrets").deepCopy()
        : client.json().createArrayNode());
    patch.withArray("secrets").addObject().put("name", Owned.name(created));
    patch.putObject("metadata").put("resourceVersion", account.path("metadata").path("resourceVersion").asText());
    client.mergePatch("/api/v1/namespaces/" + namespace + "/serviceaccounts/" + Owned.name(account), patch);
    LOG.info("issued token secret {}/{} for service account {}", namespace, Owned.name(created), Owned.name(account));
  }
}
