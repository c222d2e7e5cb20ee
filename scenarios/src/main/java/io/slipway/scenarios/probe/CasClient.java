package io.slipway.scenarios.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.reports.history.Entry;
import io.slipway.reports.history.Outcome;
import io.slipway.reports.history.ProbeKind;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One client of the {@code api_cas} probe: each round reads the ConfigMap {@value #NAME} (value v,
 * resourceVersion r) and replaces it with v+1 on the precondition r, so the ConfigMap is a
 * compare-and-set register the {@code linearizable} check judges; when absent it is created with
 * 0. The read and the write are recorded as each completes ({@link CasValue}). A write is ok when
 * acknowledged, fail when it certainly had no effect (a 4xx such as 409 Conflict, or refused before
 * it was sent), indeterminate otherwise (timed out or cut off after sending, or a 5xx: an
 * apiserver that lost its etcd may have written). A read is ok or fail; a failed read ends the round.
 */
public final class CasClient implements Probe {

  /** The ConfigMap every client reads and writes. */
  public static final String NAME = "slipway-cas";
  private static final String CONFIGMAPS = "/api/v1/namespaces/default/configmaps";

  private final int client;
  private final ClusterAccess access;
  private final Clock clock;

  /** Client number {@code client} (from 1) of the probe. */
  public CasClient(int client, ClusterAccess access, Clock clock) {
    this.client = client;
    this.access = access;
    this.clock = clock;
  }

  @Override
  public ProbeKind kind() {
    return ProbeKind.API_CAS;
  }

  @Override
  public void round(Consumer<Entry.Sample> record) {
    Instant start = clock.instant();
    ClusterAccess.Response got = access.get(CONFIGMAPS + "/" + NAME);
    Instant end = clock.instant();
    if (got.status() == 404) {
      record.accept(sample(start, end, Outcome.OK, CasValue.read(client, null, null), null));
      write(record, null, null, () -> access.post(CONFIGMAPS, configMap(0, null)));
      return;
    }
    Optional<JsonNode> object = ClusterAccess.json(got);
    Optional<Long> value = object.flatMap(CasClient::value);
    if (value.isEmpty()) {
      record.accept(sample(start, end, Outcome.FAIL, CasValue.read(client, null, null), got.ok()
          ? "no whole number in data.value" : ApiProbes.describe(got)));
      return;
    }
    String version = object.get().path("metadata").path("resourceVersion").asText();
    record.accept(sample(start, end, Outcome.OK, CasValue.read(client, value.get(), version), null));
    long next = value.get() + 1;
    write(record, value.get(), version, () -> access.put(CONFIGMAPS + "/" + NAME, configMap(next, version)));
  }

  private void write(Consumer<Entry.Sample> record, Long expected, String version,
      Supplier<ClusterAccess.Response> call) {
    long next = expected == null ? 0 : expected + 1;
    Instant start = clock.instant();
    ClusterAccess.Response response = call.get();
    Instant end = clock.instant();
    String written = ClusterAccess.json(response).map(o -> o.path("metadata").path("resourceVersion").asText())
        .orElse(null);
    record.accept(sample(start, end, outcome(response), CasValue.cas(client, expected, next, version, written),
        response.ok() ? null : ApiProbes.describe(response)));
  }

  /** Whether the write took effect, as far as the client can tell. */
  static Outcome outcome(ClusterAccess.Response response) {
    if (response.ok()) {
      return Outcome.OK;
    }
    if (response.failure() != null) {
      return response.failure().beforeSending() ? Outcome.FAIL : Outcome.INDETERMINATE;
    }
    return response.status() / 100 == 4 ? Outcome.FAIL : Outcome.INDETERMINATE;
  }

  private Entry.Sample sample(Instant start, Instant end, Outcome outcome, CasValue value, String error) {
    return new Entry.Sample(kind(), start, end, outcome, value.json(), error);
  }

  private static Optional<Long> value(JsonNode configMap) {
    String text = configMap.path("data").path("value").asText("");
    return text.matches("\\d{1,18}") ? Optional.of(Long.parseLong(text)) : Optional.empty();
  }

  private static ObjectNode configMap(long value, String resourceVersion) {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
    ObjectNode metadata = body.putObject("metadata").put("name", NAME).put("namespace", "default");
    if (resourceVersion != null) {
      metadata.put("resourceVersion", resourceVersion);
    }
    body.putObject("data").put("value", Long.toString(value));
    return body;
  }
}
