package io.slipway.simulator.docker;

import io.slipway.engine.SlipwayException;
import java.net.URI;

/** No Docker engine answers at the expected address. */
public final class DockerUnavailableException extends SlipwayException {
  private static final long serialVersionUID = 1L;

  public DockerUnavailableException(URI address, String reason) {
    super("no Docker engine answers at " + address + " (" + reason + ")");
  }

  @Override
  public String hint() {
    return "start one (as root on Debian: apt-get install docker.io && dockerd &), or run bin/test, "
        + "which installs and starts it; set DOCKER_HOST if it listens elsewhere";
  }
}
