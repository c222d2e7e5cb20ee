package io.slipway.engine.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DockerVersionsTest {

  @ParameterizedTest(name = "Docker {0} for Kubernetes 1.{1}: supported = {2}")
  @CsvSource({
      "18.09.7, 13, true",
      "20.10.24, 13, true",
      "17.03.2-ce, 13, true",
      "1.13.1, 20, true",
      "1.12.6, 13, false",
      "23.0.6, 13, false",
      "23.0.6, 27, true",
      "24.0.9, 27, true",
      "26.1.1, 27, false",
      "not-a-version, 27, false"})
  void decidesByMajorAndMinor(String version, int kubernetesMinor, boolean supported) {
    assertThat(DockerVersions.check(version, kubernetesMinor).isEmpty()).isEqualTo(supported);
  }

  @ParameterizedTest
  @CsvSource({"26.1.1, 27"})
  void anUnsupportedVersionIsNamedWithTheSupportedOnes(String version, int kubernetesMinor) {
    assertThat(DockerVersions.check(version, kubernetesMinor)).hasValueSatisfying(message -> assertThat(message)
        .contains("unsupported Docker version 26.1.1 for Kubernetes 1.27").contains("20.10.x, 23.0.x, 24.0.x"));
  }
}
