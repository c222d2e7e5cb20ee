package io.slipway.engine.host;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.AuthConfigurations;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.core.SSLConfig;
import java.net.URI;

/**
 * A Docker client configuration whose clients all share one Jackson mapper. docker-java hands
 * each client a fresh copy of its default mapper, so each client builds its deserializers for the
 * API's models again on first use (an inspected container alone spans a few hundred fields): a run
 * that talks to every node's engine paid that once per node. A configured mapper is safe to share.
 */
public record SharedMapperConfig(DockerClientConfig config) implements DockerClientConfig {

  private static final ObjectMapper MAPPER = DockerClientConfig.getDefaultObjectMapper();

  @Override
  public ObjectMapper getObjectMapper() {
    return MAPPER;
  }

  @Override
  public URI getDockerHost() {
    return config.getDockerHost();
  }

  @Override
  public RemoteApiVersion getApiVersion() {
    return config.getApiVersion();
  }

  @Override
  public String getRegistryUsername() {
    return config.getRegistryUsername();
  }

  @Override
  public String getRegistryPassword() {
    return config.getRegistryPassword();
  }

  @Override
  public String getRegistryEmail() {
    return config.getRegistryEmail();
  }

  @Override
  public String getRegistryUrl() {
    return config.getRegistryUrl();
  }

  @Override
  public AuthConfig effectiveAuthConfig(String imageName) {
    return config.effectiveAuthConfig(imageName);
  }

  @Override
  public AuthConfigurations getAuthConfigurations() {
    return config.getAuthConfigurations();
  }

  @Override
  public SSLConfig getSSLConfig() {
    return config.getSSLConfig();
  }
}
