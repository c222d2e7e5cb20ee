package io.slipway.engine.exec;

import com.github.dockerjava.api.DockerClient;
import io.slipway.engine.host.CommandResult;
import io.slipway.engine.host.Host;
import io.slipway.engine.host.HostAddress;
import java.nio.file.Path;
import java.time.Duration;

/** A host of a test whose apiserver is all that is used: its HTTP calls are the test's; the rest is refused. */
abstract class HttpOnlyHost implements Host {

  private final HostAddress address;

  HttpOnlyHost(String name, String ip) {
    this.address = new HostAddress(name, ip, 22, "root", Path.of("key"), "/var/run/docker.sock");
  }

  @Override
  public HostAddress address() {
    return address;
  }

  @Override
  public CommandResult exec(String command, Duration timeout) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void writeFile(String path, byte[] content, int mode) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Reach reach(String address, int port, Duration timeout) {
    throw new UnsupportedOperationException();
  }

  @Override
  public DockerClient docker() {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {
  }
}
