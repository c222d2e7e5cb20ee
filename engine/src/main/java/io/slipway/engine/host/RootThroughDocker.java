package io.slipway.engine.host;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A host logged in to as a user other than root, as RKE allows (the user needs only the docker
 * group): what Slipway does to the host's files — writing certificates and kubeconfigs, hashing
 * them, removing them — runs, as RKE does it, in a short-lived container of a system image with
 * the host's root filesystem mounted ({@code docker run --rm -v /:/host IMAGE chroot /host sh -c …}),
 * so it runs as root on the host without the user being root or using sudo. The image is pulled
 * once when missing; everything else is the host's own.
 */
public final class RootThroughDocker implements Host {

  private static final Duration PULL_TIMEOUT = Duration.ofMinutes(10);

  private final Host host;
  private final String image;
  private volatile boolean imagePresent;

  private RootThroughDocker(Host host, String image) {
    this.host = host;
    this.image = image;
  }

  /** {@code host} itself when it is logged in as root; else the host with its file work done as root through Docker. */
  public static Host of(Host host, String image) {
    return host.address().user().equals("root") ? host : new RootThroughDocker(host, image);
  }

  @Override
  public HostAddress address() {
    return host.address();
  }

  @Override
  public CommandResult exec(String command, Duration timeout) {
    ensureImage();
    return host.exec("docker -H " + quote("unix://" + host.address().dockerSocket()) + " run --rm -i --network none"
        + " --entrypoint chroot -v /:/host " + quote(image) + " /host sh -c " + quote(command), timeout);
  }

  @Override
  public void writeFile(String path, byte[] content, int mode) {
    String quoted = quote(path);
    // the content travels in the command, as base64: the container reads nothing from this session
    String command = "umask 077 && mkdir -p \"$(dirname " + quoted + ")\" && printf %s "
        + Base64.getEncoder().encodeToString(content) + " | base64 -d > " + quoted + ".slipway-tmp && chmod "
        + Integer.toOctalString(mode) + " " + quoted + ".slipway-tmp && mv -f " + quoted + ".slipway-tmp " + quoted;
    CommandResult result = exec(command, Duration.ofSeconds(60));
    if (result.exitCode() != 0) {
      throw new SshException(address(), SshException.Kind.OTHER, "writing " + path + " as root through Docker failed"
          + " (exit " + result.exitCode() + "): " + result.stderr().strip(), null);
    }
  }

  @Override
  public Reach reach(String address, int port, Duration timeout) {
    return host.reach(address, port, timeout);
  }

  @Override
  public HttpResult http(String method, URI url, SSLContext tls, Duration timeout, String contentType, String body) {
    return host.http(method, url, tls, timeout, contentType, body);
  }

  @Override
  public DockerClient docker() {
    return host.docker();
  }

  @Override
  public void close() {
    host.close();
  }

  private void ensureImage() {
    if (imagePresent) {
      return;
    }
    DockerClient docker = host.docker();
    try {
      docker.inspectImageCmd(image).exec();
    } catch (NotFoundException e) {
      try {
        if (!docker.pullImageCmd(image).exec(new PullImageResultCallback())
            .awaitCompletion(PULL_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
          throw new SshException(address(), SshException.Kind.OTHER, "pulling " + image + " (to work on the host's"
              + " files as root, the user being " + address().user() + ") took over 10 min", null);
        }
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new SshException(address(), SshException.Kind.OTHER, "interrupted pulling " + image, interrupted);
      }
    }
    imagePresent = true;
  }

  private static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  @Override
  public String toString() {
    return host + " (file work as root through " + image + ")";
  }
}
