package io.slipway.engine.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import org.junit.jupiter.api.Test;

class SharedMapperConfigTest {

  private static DockerClientConfig config(String host) {
    return DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).withDockerTlsVerify(false)
        .build();
  }

  @Test
  void clientsOfDifferentEnginesShareOneMapper() {
    DockerClientConfig first = new SharedMapperConfig(config("unix:///run/one.sock"));
    DockerClientConfig second = new SharedMapperConfig(config("tcp://10.254.0.11:2376"));
    // what docker-java does by itself: a fresh copy, with empty deserializer caches, per client
    assertThat(config("unix:///run/one.sock").getObjectMapper()).isNotSameAs(config("unix:///run/one.sock")
        .getObjectMapper());
    assertThat(first.getObjectMapper()).isSameAs(second.getObjectMapper());
    assertThat(first.getDockerHost()).hasToString("unix:///run/one.sock");
    assertThat(second.getDockerHost()).hasToString("tcp://10.254.0.11:2376");
  }

  @Test
  void theSharedMapperReadsTheEnginesAnswersAsDockerJavasOwnDoes() throws Exception {
    String answer = "{\"Version\":\"20.10.24+dfsg1\",\"ApiVersion\":\"1.41\",\"Os\":\"linux\",\"Arch\":\"amd64\","
        + "\"SomethingNewer\":true}";
    Version shared = new SharedMapperConfig(config("unix:///run/one.sock")).getObjectMapper()
        .readValue(answer, Version.class);
    assertThat(shared.getVersion()).isEqualTo("20.10.24+dfsg1");
    assertThat(shared.getApiVersion()).isEqualTo("1.41");
  }
}
