package io.slipway.engine.host;

import com.github.dockerjava.api.DockerClient;
import java.time.Duration;

/** A machine the executor acts on: commands over SSH and its Docker Engine API. Close to disconnect. */
public interface Host extends AutoCloseable {

  HostAddress address();

  /** Runs a shell command on the host and waits for it, at most {@code timeout}. */
  CommandResult exec(String command, Duration timeout);

  /** The host's Docker Engine API (reached through the same SSH connection). */
  DockerClient docker();

  @Override
  void close();
}
