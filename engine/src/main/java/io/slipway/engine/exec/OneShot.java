package io.slipway.engine.exec;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import io.slipway.engine.host.Host;
import io.slipway.engine.host.SshException;
import io.slipway.engine.plan.ContainerSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Runs a container to its end on a host, as RKE runs its one-shot tools (snapshot save, restore,
 * delete): any leftover of the same name removed first, the image pulled when missing, the
 * container started, waited for, its output kept, and removed. A non-zero exit is a failure that
 * names the host, the container and its last output.
 */
public final class OneShot {

  private static final Duration PULL_TIMEOUT = Duration.ofMinutes(10);

  private OneShot() {
  }

  /** Runs {@code spec} on {@code host} within {@code timeout}; returns what it printed. */
  public static String run(Host host, ContainerSpec spec, Duration timeout) {
    DockerClient docker = host.docker();
    try {
      removeIfPresent(docker, spec.name());
      pullIfMissing(docker, spec.image());
      HostConfig config = HostConfig.newHostConfig().withNetworkMode(spec.networkMode())
          .withBinds(spec.binds().stream().map(Bind::parse).toList());
      String id = docker.createContainerCmd(spec.image()).withName(spec.name()).withCmd(spec.command())
          .withEnv(spec.env()).withLabels(spec.labels()).withHostConfig(config).exec().getId();
      try {
        docker.startContainerCmd(id).exec();
        Integer exit = docker.waitContainerCmd(id).exec(new WaitContainerResultCallback())
            .awaitStatusCode(timeout.toMillis(), TimeUnit.MILLISECONDS);
        String output = logs(docker, id);
        if (exit == null || exit != 0) {
          throw failure(host, spec, "exited " + exit + ": " + lastLines(output));
        }
        return output;
      } finally {
        removeIfPresent(docker, id);
      }
    } catch (DockerException e) {
      throw failure(host, spec, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(host, spec, "interrupted");
    } catch (RuntimeException e) {
      if (e instanceof SshException) {
        throw e;
      }
      // awaitStatusCode's timeout, among others
      throw failure(host, spec, e.getMessage());
    }
  }

  private static SshException failure(Host host, ContainerSpec spec, String why) {
    return new SshException(host.address(), SshException.Kind.OTHER, spec.name() + " (" + spec.image() + ") " + why,
        null);
  }

  private static void removeIfPresent(DockerClient docker, String nameOrId) {
    try {
      docker.removeContainerCmd(nameOrId).withForce(true).exec();
    } catch (NotFoundException absent) {
      // nothing left over
    }
  }

  private static void pullIfMissing(DockerClient docker, String image) throws InterruptedException {
    try {
      docker.inspectImageCmd(image).exec();
    } catch (NotFoundException e) {
      if (!docker.pullImageCmd(image).exec(new PullImageResultCallback())
          .awaitCompletion(PULL_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
        throw new IllegalStateException("pulling " + image + " took over " + PULL_TIMEOUT.toMinutes() + " min");
      }
    }
  }

  private static String logs(DockerClient docker, String id) throws InterruptedException {
    StringBuilder text = new StringBuilder();
    docker.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
      @Override
      public void onNext(Frame frame) {
        synchronized (text) {
          text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
        }
      }
    }).awaitCompletion(10, TimeUnit.SECONDS);
    synchronized (text) {
      return text.toString();
    }
  }

  private static String lastLines(String output) {
    String[] lines = output.strip().split("\n");
    int from = Math.max(0, lines.length - 3);
    return String.join(" | ", Arrays.copyOfRange(lines, from, lines.length)).strip();
  }
}
