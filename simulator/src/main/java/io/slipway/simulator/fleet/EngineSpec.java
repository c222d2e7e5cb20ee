package io.slipway.simulator.fleet;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One Docker engine a fleet is spread over: its TCP endpoint ({@code tcp://host:port}), the
 * folder of the client certificate it is reached with ({@code ca.pem}, {@code cert.pem},
 * {@code key.pem}, as {@code DOCKER_CERT_PATH}; none for an endpoint without TLS), and its
 * weight, the share of the nodes it takes.
 */
public record EngineSpec(URI endpoint, Optional<Path> certificates, int weight) {

  public static final int MAX_WEIGHT = 100;

  public EngineSpec {
    Objects.requireNonNull(endpoint, "endpoint");
    if (!"tcp".equals(endpoint.getScheme()) || endpoint.getHost() == null || endpoint.getPort() < 1) {
      throw new IllegalArgumentException(endpoint + " is not tcp://HOST:PORT");
    }
    Objects.requireNonNull(certificates, "certificates");
    if (weight < 1 || weight > MAX_WEIGHT) {
      throw new IllegalArgumentException("weight " + weight + " is not in 1-" + MAX_WEIGHT);
    }
  }

  /** The address the engine is reached at, and other engines and published ports too. */
  public String host() {
    return endpoint.getHost();
  }
}
