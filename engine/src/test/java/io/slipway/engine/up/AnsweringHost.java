package io.slipway.engine.up;

import com.github.dockerjava.api.DockerClient;
import io.slipway.engine.host.CommandResult;
import io.slipway.engine.host.Host;
import io.slipway.engine.host.HostAddress;
import io.slipway.engine.host.HttpResult;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** A host of a test that answers what the test overrides (commands, port checks) and refuses the rest. */
abstract class AnsweringHost implements Host {

  private final HostAddress address;

  AnsweringHost(String name, String ip) {
    this.address = new HostAddress(name, ip, 22, "root", Path.of("key"), "/var/run/docker.sock");
  }

  String name() {
    return address.name();
  }

  @Override
  public HostAddress address() {
    return address;
  }

  @Override
  public CommandResult exec(String command, Duration timeout) {
    throw new UnsupportedOperationException(command);
  }

  @Override
  public void writeFile(String path, byte[] content, int mode) {
    throw new UnsupportedOperationException(path);
  }

  @Override
  public Reach reach(String target, int port, Duration timeout) {
    throw new UnsupportedOperationException(target + ":" + port);
  }

  @Override
  public HttpResult http(String method, URI url, SSLContext tls, Duration timeout, String contentType, String body) {
    throw new UnsupportedOperationException(url.toString());
  }

  @Override
  public DockerClient docker() {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {
  }
}
