package io.slipway.simulator.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import org.junit.jupiter.api.Test;

class DockerEngineTest {

  @Test
  void anEngineThatDoesNotAnswerIsOneLineWithARemedy() {
    URI nowhere = URI.create("unix:///nonexistent/slipway-test.sock");
    DockerUnavailableException e = catchThrowableOfType(DockerUnavailableException.class,
        () -> DockerEngine.require(nowhere));
    assertThat(e).as("a missing socket is reported as an unavailable engine").isNotNull();
    assertThat(e.getMessage()).startsWith("no Docker engine answers at unix:///nonexistent/slipway-test.sock")
        .doesNotContain("\n");
    assertThat(e.hint()).contains("bin/test");
  }
}
