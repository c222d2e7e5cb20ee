package io.slipway.engine.host;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.Volume;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A host logged in to as a user other than root, as RKE allows (the user needs only the docker
 * group): what Slipway does to the host's files — writing certificates and kubeconfigs, hashing
 * them, removing them — runs, as RKE does it, in a container of a system image with the host's
 * root filesystem mounted, as root on the host without the user being root or using sudo. One
 * such container per connection, each command an exec into it through the Docker Engine API over
 * the connection's tunnel (no SSH session and no docker CLI on the host per file); removed when the
 * connection closes and gone by itself within an hour should the run be killed. The image is
 * pulled once when missing.
 */
public final class RootThroughDocker implements Host {

  /** The label that marks the helper containers, so a cleanup can find them. */
  public static final String LABEL = "io.slipway.root-helper";

  private static final Duration PULL_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(60);
  /** Files up to this size travel in the command (base64 in one argument stays well under Linux's 128 KiB). */
  private static final int IN_COMMAND = 64 * 1024;
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
    DockerClient docker = host.docker();
    String exec;
    try {
      exec = docker.execCreateCmd(helper()).withCmd("chroot", "/host", "sh", "-c", command)
          .withAttachStdout(true).withAttachStderr(true).exec().getId();
    } catch (DockerException e) {
      throw failure("running a command as root through Docker failed: " + e.getMessage(), e);
    }
    Output output = new Output();
    try (output) {
      docker.execStartCmd(exec).exec(output);
      if (!output.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return new CommandResult(-1, output.stdout(), output.stderr() + "did not end within " + timeout.toSeconds()
            + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure("interrupted running a command as root through Docker", e);
    } catch (IOException | DockerException e) {
      throw failure("running a command as root through Docker failed: " + e.getMessage(), e);
    }
    Long exit = docker.inspectExecCmd(exec).exec().getExitCodeLong();
    return new CommandResult(exit == null ? -1 : exit.intValue(), output.stdout(), output.stderr());
  }

  @Override
  public void writeFile(String path, byte[] content, int mode) {
    if (content.length > IN_COMMAND) {
      writeLargeFile(path, content, mode);
      return;
    }
    // the content travels in the command, as base64: the exec has no standard input to stream
    String command = WriteCommand.of(path, mode, "printf %s " + Base64.getEncoder().encodeToString(content)
        + " | base64 -d", content);
    CommandResult result = exec(command, WRITE_TIMEOUT);
    if (result.exitCode() != 0) {
      throw failure("writing " + path + " as root through Docker failed (exit " + result.exitCode() + "): "
          + result.stderr().strip(), null);
    }
  }

  /**
   * A file too large to travel in a command (a snapshot's database): its directory made as for
   * any file, the content put into the helper's view of the host as a tar archive (Docker's
   * archive API) under a temporary name with its mode, then moved into place.
   */
  private void writeLargeFile(String path, byte[] content, int mode) {
    String quoted = quote(path);
    String temporary = path + ".slipway-" + HexFormat.of().formatHex(RANDOM.generateSeed(6));
    CommandResult made = exec("umask 077 && mkdir -p \"$(dirname " + quoted + ")\"", WRITE_TIMEOUT);
    if (made.exitCode() != 0) {
      throw failure("writing " + path + " as root through Docker failed: " + made.stderr().strip(), null);
    }
    ByteArrayOutputStream tar = new ByteArrayOutputStream(content.length + 1024);
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      TarArchiveEntry entry = new TarArchiveEntry(temporary.substring(1));
      entry.setSize(content.length);
      entry.setMode(mode);
      entry.setIds(0, 0);
      out.putArchiveEntry(entry);
      out.write(content);
      out.closeArchiveEntry();
    } catch (IOException e) {
      throw failure("packing " + path + " failed: " + e.getMessage(), e);
    }
    try {
      host.docker().copyArchiveToContainerCmd(helper()).withRemotePath("/host")
          .withTarInputStream(new ByteArrayInputStream(tar.toByteArray())).exec();
    } catch (DockerException e) {
      throw failure("writing " + path + " as root through Docker failed: " + e.getMessage(), e);
    }
    CommandResult moved = exec("{ sync " + quote(temporary) + " 2>/dev/null || true; } && mv -f " + quote(temporary)
        + " " + quoted + " || { rm -f " + quote(temporary) + "; exit 1; }", WRITE_TIMEOUT);
    if (moved.exitCode() != 0) {
      throw failure("writing " + path + " as root through Docker failed: " + moved.stderr().strip(), null);
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
          host.docker().removeContainerCmd(helper).withForce(true).exec();
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
    DockerClient docker = host.docker();
    String name = "slipway-root-" + HexFormat.of().formatHex(RANDOM.generateSeed(4));
    try {
      docker.createContainerCmd(image).withName(name).withEntrypoint("sleep").withCmd("3600")
          .withLabels(Map.of(LABEL, address().user()))
          .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none").withAutoRemove(true)
              .withBinds(new Bind("/", new Volume("/host")))).exec();
      docker.startContainerCmd(name).exec();
    } catch (DockerException e) {
      throw failure("starting a container of " + image + " to work on the host's files as root (the user being "
          + address().user() + ") failed: " + e.getMessage(), e);
    }
    helper = name;
    return helper;
  }

  private void pullIfMissing() {
    DockerClient docker = host.docker();
    try {
      docker.inspectImageCmd(image).exec();
    } catch (NotFoundException e) {
      try {
        if (!docker.pullImageCmd(image).exec(new PullImageResultCallback())
            .awaitCompletion(PULL_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
          throw failure("pulling " + image + " (to work on the host's files as root, the user being "
              + address().user() + ") took over 10 min", null);
        }
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw failure("interrupted pulling " + image, interrupted);
      }
    }
  }

  private SshException failure(String message, Exception cause) {
    return new SshException(address(), SshException.Kind.OTHER, message, cause);
  }

  private static String quote(String text) {
    return WriteCommand.quote(text);
  }

  /** An exec's standard output and error, as they arrive. */
  private static final class Output extends ResultCallback.Adapter<Frame> {
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @Override
    public synchronized void onNext(Frame frame) {
      (frame.getStreamType() == StreamType.STDERR ? stderr : stdout).writeBytes(frame.getPayload());
    }

    synchronized String stdout() {
      return stdout.toString(StandardCharsets.UTF_8);
    }

    synchronized String stderr() {
      return stderr.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public String toString() {
    return host + " (file work as root through " + image + ")";
  }
}
