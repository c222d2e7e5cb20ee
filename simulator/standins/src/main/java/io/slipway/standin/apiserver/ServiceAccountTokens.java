package io.slipway.standin.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bearer-token authentication of service accounts, as the apiserver's legacy token
 * authenticator did before bound tokens: a token is valid while a secret of type {@value
 * #TYPE} holds it, and it authenticates as {@code system:serviceaccount:NAMESPACE:NAME} of the
 * account the secret names. The stand-in's tokens are opaque random strings (the controller
 * manager writes them), not JWTs: clients only ever pass them on.
 */
final class ServiceAccountTokens {

  static final String TYPE = "kubernetes.io/service-account-token";
  static final String ACCOUNT_ANNOTATION = "kubernetes.io/service-account.name";
  /** How often an unknown token may make the authenticator read every token secret again. */
  private static final long RELOAD_NANOS = 500_000_000L;

  private final ObjectStore store;
  private volatile Map<String, String> users = Map.of();
  private final AtomicLong loadedAt = new AtomicLong(System.nanoTime() - RELOAD_NANOS);

  ServiceAccountTokens(ObjectStore store) {
    this.store = store;
  }

  /** The user {@code token} authenticates as, or empty when no token secret holds it. */
  Optional<String> user(String token) {
    String user = users.get(token);
    if (user == null) {
      long last = loadedAt.get();
      if (System.nanoTime() - last >= RELOAD_NANOS && loadedAt.compareAndSet(last, System.nanoTime())) {
        users = load();
        user = users.get(token);
      }
    }
    return Optional.ofNullable(user);
  }

  private Map<String, String> load() {
    Map<String, String> loaded = new HashMap<>();
    for (JsonNode secret : store.list(ResourceTypes.SECRETS, null, s -> TYPE.equals(s.path("type").asText())).items()) {
      String token = secret.path("data").path("token").asText("");
      String account = secret.path("metadata").path("annotations").path(ACCOUNT_ANNOTATION).asText("");
      if (!token.isEmpty() && !account.isEmpty()) {
        loaded.put(new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8), "system:serviceaccount:"
            + secret.path("metadata").path("namespace").asText() + ":" + account);
      }
    }
    return Map.copyOf(loaded);
  }
}
