package io.slipway.engine.host;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A host logged in to as a user other than root, as RKE allows (the user needs only the docker
 * group): what Slipway does to the host's files — writing certificates and kubeconfigs, hashing
 * them, removing them — runs, as RKE does it, in a container of a system image with the host's
 * root filesystem mounted, as root on the host without the user being root or using sudo. One
 * such container per connection ({@code docker exec} into it is several times cheaper than a
 * {@code docker run} per file), removed when the connection closes and gone by itself within an
 * hour should the run be killed. The image is pulled once when missing.
 */
public final class RootThroughDocker implements Host {

  private static final Duration PULL_TIMEOUT = Duration.ofMinutes(10);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Host host;
  private final String image;
  private String helper;

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
    return host.exec(dockerCli() + " exec -i " + helper() + " chroot /host sh -c " + quote(command), timeout);
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
    try {
      synchronized (this) {
        if (helper != null) {
          host.exec(dockerCli() + " rm -f " + helper, Duration.ofSeconds(30));
        }
      }
    } catch (RuntimeException e) {
      // the connection is going anyway; the helper ends by itself within the hour
    } finally {
      host.close();
    }
  }

  /** The running helper container, started (and its image pulled) on first use. */
  private synchronized String helper() {
    if (helper != null) {
      return helper;
    }
    pullIfMissing();
    String name = "slipway-root-" + HexFormat.of().formatHex(RANDOM.generateSeed(4));
    CommandResult started = host.exec(dockerCli() + " run -d --rm --name " + name + " --network none --entrypoint sleep"
        + " -v /:/host " + quote(image) + " 3600", Duration.ofSeconds(60));
    if (started.exitCode() != 0) {
      throw new SshException(address(), SshException.Kind.OTHER, "starting a container of " + image + " to work on "
          + "the host's files as root (the user being " + address().user() + ") failed: " + started.stderr().strip(),
          null);
    }
    helper = name;
    return helper;
  }

  private String dockerCli() {
    return "docker -H " + quote("unix://" + host.address().dockerSocket());
  }

  private void pullIfMissing() {
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
  }

  private static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  @Override
  public String toString() {
    return host + " (file work as root through " + image + ")";
  }
}
