package io.slipway.simulator.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * Checks that a Docker engine answers before anything else touches it, so a missing engine is
 * one clear line with its remedy instead of a stack trace from deep inside a client library.
 */
public final class DockerEngine {

  private DockerEngine() {
  }

  /** The engine address: {@code DOCKER_HOST} when set, else the default local socket. */
  public static URI address() {
    String host = System.getenv("DOCKER_HOST");
    return URI.create(host == null || host.isBlank() ? "unix:///var/run/docker.sock" : host);
  }

  /** Pings the engine; throws {@link DockerUnavailableException} when it does not answer. */
  public static void require() {
    require(address());
  }

  /** Pings the engine at {@code address}; throws {@link DockerUnavailableException} when it does not answer. */
  public static void require(URI address) {
    DockerHttpClient client = new ZerodepDockerHttpClient.Builder()
        .dockerHost(address).connectionTimeout(Duration.ofSeconds(3)).responseTimeout(Duration.ofSeconds(10))
        .build();
    try (client;
         DockerHttpClient.Response response = client.execute(
             DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET).path("/_ping").build())) {
      if (response.getStatusCode() != 200) {
        throw new DockerUnavailableException(address, "it answered HTTP " + response.getStatusCode());
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof DockerUnavailableException unavailable) {
        throw unavailable;
      }
      throw new DockerUnavailableException(address, rootMessage(e));
    }
  }

  /** What the innermost cause of {@code e} says: what a client library's wrapping hides. */
  public static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
