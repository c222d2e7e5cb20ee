package io.slipway.standin.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * A client of etcd v3 through its gRPC-JSON gateway ({@code /v3/kv/*}, {@code /v3/watch}), over
 * mutual TLS, as the apiserver's {@code --etcd-servers} and {@code --etcd-*file} flags describe.
 * Requests go to the endpoint that last answered and move on to the next when one does not.
 */
public final class EtcdClient implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getEncoder();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final List<URI> endpoints;
  private final Duration timeout;
  private final HttpClient http;
  private final AtomicInteger preferred = new AtomicInteger();

  public EtcdClient(List<URI> endpoints, SSLContext tls, Duration timeout) {
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("no etcd endpoints");
    }
    this.endpoints = List.copyOf(endpoints);
    this.timeout = timeout;
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1);
    this.http = (tls == null ? builder : builder.sslContext(tls)).build();
  }

  /** A page of keys and the store revision it was read at. */
  public record Range(List<KeyValue> kvs, long revision) {
  }

  public Optional<KeyValue> get(String key) {
    ObjectNode body = JSON.createObjectNode().put("key", b64(key));
    return kvs(post("/v3/kv/range", body)).stream().findFirst();
  }

  /** Every key under {@code prefix}, in key order. */
  public Range range(String prefix) {
    ObjectNode body = JSON.createObjectNode().put("key", b64(prefix)).put("range_end", b64(prefixEnd(prefix)));
    JsonNode response = post("/v3/kv/range", body);
    return new Range(kvs(response), revision(response));
  }

  /** Writes unconditionally; returns the new revision. */
  public long put(String key, byte[] value) {
    return revision(post("/v3/kv/put", JSON.createObjectNode().put("key", b64(key)).put("value", B64.encodeToString(value))));
  }

  /** Writes only if the key does not exist; returns the new revision, or empty if it existed. */
  public Optional<Long> create(String key, byte[] value) {
    return putIf(key, value, "CREATE", "create_revision", 0);
  }

  /** Writes only if the key is at {@code modRevision}; returns the new revision, or empty on conflict. */
  public Optional<Long> update(String key, byte[] value, long modRevision) {
    return putIf(key, value, "MOD", "mod_revision", modRevision);
  }

  /** Deletes the key if it exists (at {@code modRevision}, unless that is 0); returns what was deleted. */
  public Optional<KeyValue> delete(String key, long modRevision) {
    ObjectNode request = JSON.createObjectNode();
    request.putObject("request_delete_range").put("key", b64(key)).put("prev_kv", true);
    ObjectNode txn = JSON.createObjectNode();
    if (modRevision > 0) {
      txn.putArray("compare").addObject().put("key", b64(key)).put("target", "MOD").put("result", "EQUAL")
          .put("mod_revision", Long.toString(modRevision));
    }
    txn.putArray("success").add(request);
    JsonNode response = post("/v3/kv/txn", txn);
    if (!response.path("succeeded").asBoolean(false)) {
      return Optional.empty();
    }
    JsonNode deleted = response.path("responses").path(0).path("response_delete_range").path("prev_kvs");
    return deleted.isArray() && !deleted.isEmpty() ? Optional.of(kv(deleted.get(0))) : Optional.empty();
  }

  /** Whether some endpoint reports the cluster healthy (it has a leader and can commit). */
  public boolean healthy() {
    return endpoints.stream().anyMatch(endpoint -> health(endpoint).isEmpty());
  }

  public List<URI> endpoints() {
    return endpoints;
  }

  /** Why {@code endpoint} is not healthy, as etcd's /health answers; empty when it is. */
  public Optional<String> health(URI endpoint) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.resolve("/health")).timeout(timeout)
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200 && JSON.readTree(response.body()).path("health").asText().equals("true")) {
        return Optional.empty();
      }
      return Optional.of("HTTP " + response.statusCode() + " from " + endpoint + "/health");
    } catch (IOException e) {
      return Optional.of(endpoint + "/health: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }

  /**
   * Streams changes under {@code prefix} after {@code afterRevision} to {@code onEvent} until the
   * returned handle is closed; {@code onEnd} hears when the stream ends for any other reason.
   */
  public AutoCloseable watch(String prefix, long afterRevision, Consumer<WatchEvent> onEvent, Consumer<Throwable> onEnd) {
    ObjectNode create = JSON.createObjectNode();
    create.putObject("create_request").put("key", b64(prefix)).put("range_end", b64(prefixEnd(prefix)))
        .put("start_revision", Long.toString(afterRevision + 1)).put("prev_kv", true);
    URI endpoint = endpoints.get(Math.floorMod(preferred.get(), endpoints.size()));
    HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/v3/watch"))
        .POST(HttpRequest.BodyPublishers.ofString(create.toString())).build();
    CompletableFuture<HttpResponse<Stream<String>>> future = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
    future.whenComplete((response, error) -> {
      if (error != null) {
        onEnd.accept(error);
        return;
      }
      try (Stream<String> lines = response.body()) {
        lines.forEach(line -> events(line).forEach(onEvent));
        onEnd.accept(null);
      } catch (RuntimeException e) {
        onEnd.accept(e);
      }
    });
    return () -> future.cancel(true);
  }

  @Override
  public void close() {
    // HttpClient has no close in Java 17; its threads end with the JVM or when unreferenced
  }

  private Optional<Long> putIf(String key, byte[] value, String target, String field, long expected) {
    ObjectNode txn = JSON.createObjectNode();
    txn.putArray("compare").addObject().put("key", b64(key)).put("target", target).put("result", "EQUAL")
        .put(field, Long.toString(expected));
    txn.putArray("success").addObject().putObject("request_put").put("key", b64(key))
        .put("value", B64.encodeToString(value));
    JsonNode response = post("/v3/kv/txn", txn);
    return response.path("succeeded").asBoolean(false) ? Optional.of(revision(response)) : Optional.empty();
  }

  private JsonNode post(String path, JsonNode body) {
    EtcdException last = null;
    int start = preferred.get();
    for (int i = 0; i < endpoints.size(); i++) {
      int index = Math.floorMod(start + i, endpoints.size());
      URI endpoint = endpoints.get(index);
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.resolve(path)).timeout(timeout)
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = JSON.readTree(response.body());
        if (response.statusCode() != 200) {
          last = new EtcdException("etcd " + endpoint + path + " answered " + response.statusCode() + ": "
              + json.path("message").asText(json.path("error").asText(response.body())));
          continue;  // e.g. "etcdserver: request timed out" on a member without quorum: try another
        }
        preferred.set(index);
        return json;
      } catch (IOException e) {
        last = new EtcdException("etcd " + endpoint + " did not answer: " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EtcdException("interrupted while calling etcd", e);
      }
    }
    throw last;
  }

  private static List<WatchEvent> events(String line) {
    try {
      JsonNode events = JSON.readTree(line).path("result").path("events");
      List<WatchEvent> result = new ArrayList<>();
      for (JsonNode event : events) {
        WatchEvent.Type type = "DELETE".equals(event.path("type").asText()) ? WatchEvent.Type.DELETE : WatchEvent.Type.PUT;
        result.add(new WatchEvent(type, kv(event.path("kv")),
            event.has("prev_kv") ? kv(event.path("prev_kv")) : null));
      }
      return result;
    } catch (IOException e) {
      throw new EtcdException("unreadable watch event: " + line, e);
    }
  }

  private static List<KeyValue> kvs(JsonNode response) {
    List<KeyValue> result = new ArrayList<>();
    response.path("kvs").forEach(kv -> result.add(kv(kv)));
    return result;
  }

  private static KeyValue kv(JsonNode kv) {
    return new KeyValue(new String(B64D.decode(kv.path("key").asText()), StandardCharsets.UTF_8),
        kv.has("value") ? B64D.decode(kv.path("value").asText()) : new byte[0],
        kv.path("create_revision").asLong(), kv.path("mod_revision").asLong());
  }

  private static long revision(JsonNode response) {
    return response.path("header").path("revision").asLong();
  }

  private static String b64(String key) {
    return B64.encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  private static String b64(byte[] key) {
    return B64.encodeToString(key);
  }

  /** The smallest key greater than every key starting with {@code prefix} (etcd's range_end). */
  static byte[] prefixEnd(String prefix) {
    byte[] end = prefix.getBytes(StandardCharsets.UTF_8);
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xff) {
        end = Arrays.copyOf(end, i + 1);
        end[i]++;
        return end;
      }
    }
    return new byte[] {0};
  }
}
