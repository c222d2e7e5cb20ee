package io.slipway.standin.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Liveness and readiness probes of running containers, of the exec, HTTP GET and TCP socket
 * kinds, with the probe's initial delay, period, timeout and success and failure thresholds
 * (defaults 0 s, 10 s, 1 s, 1 and 3, as the API sets them). Results are kept per container
 * instance: a restarted container starts over, not ready until its readiness probe succeeds. In
 * a container standing in for an image the fleet does not carry, exec probes run through
 * {@value #STAND_IN_PROBE} (which passes when the container stands in for a program it lacks)
 * and HTTPS probes are made over HTTP.
 */
final class Probes {

  enum Kind { LIVENESS, READINESS }

  /** The workload image's wrapper of exec probes in containers that stand in for another image. */
  static final String STAND_IN_PROBE = "/standin-probe";

  /** What a probe's run said. */
  enum Result { SUCCESS, FAILURE }

  private final DockerRuntime runtime;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1))
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private final Map<String, State> states = new ConcurrentHashMap<>();

  Probes(DockerRuntime runtime) {
    this.runtime = runtime;
  }

  /** One probe's running tally for one container instance. */
  private static final class State {
    Instant last = Instant.EPOCH;
    int successes;
    int failures;
    boolean passing;

    State(boolean passing) {
      this.passing = passing;
    }
  }

  /**
   * Runs the probe of {@code kind} of {@code container} (spec) on the running instance
   * {@code c} when due, and says whether it passes now: ready for readiness (false until the
   * first success), alive for liveness (true until the failure threshold is reached). A
   * container without such a probe passes.
   */
  boolean check(Kind kind, JsonNode container, ObservedContainer c, String podIp, Instant now) {
    JsonNode probe = container.path(kind == Kind.LIVENESS ? "livenessProbe" : "readinessProbe");
    if (probe.isMissingNode() || probe.isNull()) {
      return true;
    }
    State state = states.computeIfAbsent(kind + "/" + c.id(), id -> new State(kind == Kind.LIVENESS));
    Instant started = c.startedAt().orElse(now);
    if (now.isBefore(started.plusSeconds(probe.path("initialDelaySeconds").asInt(0)))
        || now.isBefore(state.last.plusSeconds(probe.path("periodSeconds").asInt(10)))) {
      return state.passing;
    }
    state.last = now;
    Result result = run(probe, container, c, podIp);
    if (result == Result.SUCCESS) {
      state.failures = 0;
      if (++state.successes >= probe.path("successThreshold").asInt(1)) {
        state.passing = true;
      }
    } else {
      state.successes = 0;
      if (++state.failures >= probe.path("failureThreshold").asInt(3)) {
        state.passing = false;
      }
    }
    return state.passing;
  }

  /** Forgets the tallies of containers that are gone. */
  void retain(List<String> containerIds) {
    states.keySet().removeIf(key -> !containerIds.contains(key.substring(key.indexOf('/') + 1)));
  }

  private Result run(JsonNode probe, JsonNode container, ObservedContainer c, String podIp) {
    Duration timeout = Duration.ofSeconds(Math.max(1, probe.path("timeoutSeconds").asInt(1)));
    try {
      if (probe.has("exec")) {
        List<String> command = new ArrayList<>();
        if (c.standsIn()) {
          command.add(STAND_IN_PROBE);  // passes where the container stands in for a program the image lacks
        }
        probe.path("exec").path("command").forEach(part -> command.add(part.asText()));
        return runtime.exec(c.id(), command, timeout).filter(code -> code == 0).isPresent()
            ? Result.SUCCESS : Result.FAILURE;
      }
      if (probe.has("httpGet")) {
        JsonNode get = probe.get("httpGet");
        // a stand-in is probed at its pod's address: an address the probe names is one its real
        // program would have set up (NodeLocal DNS's link-local one)
        String host = c.standsIn() ? podIp : get.path("host").asText(podIp);
        String path = get.path("path").asText("/");
        // a stand-in answers plain HTTP (BusyBox's httpd has no TLS)
        String scheme = c.standsIn() ? "http" : get.path("scheme").asText("HTTP").toLowerCase();
        URI uri = URI.create(scheme + "://" + host + ":"
            + port(get.path("port"), container) + (path.startsWith("/") ? path : "/" + path));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", "kube-probe/1.20");
        get.path("httpHeaders").forEach(h -> request.header(h.path("name").asText(), h.path("value").asText()));
        int code = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        return code >= 200 && code < 400 ? Result.SUCCESS : Result.FAILURE;
      }
      if (probe.has("tcpSocket")) {
        JsonNode tcp = probe.get("tcpSocket");
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress(c.standsIn() ? podIp : tcp.path("host").asText(podIp),
              port(tcp.path("port"), container)),
              (int) timeout.toMillis());
          return Result.SUCCESS;
        }
      }
      return Result.FAILURE;
    } catch (IOException | RuntimeException e) {
      return Result.FAILURE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Result.FAILURE;
    }
  }

  /** A probe's port: a number, or the name of one of the container's ports. */
  static int port(JsonNode port, JsonNode container) {
    if (port.isInt() || port.asText().matches("\\d+")) {
      return port.asInt();
    }
    for (JsonNode p : container.path("ports")) {
      if (p.path("name").asText().equals(port.asText())) {
        return p.path("containerPort").asInt();
      }
    }
    throw new IllegalArgumentException("no port named " + port.asText());
  }
}
