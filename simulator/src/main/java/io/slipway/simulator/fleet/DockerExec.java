package io.slipway.simulator.fleet;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Runs a command in a running container through the Engine API (like {@code docker exec}). */
final class DockerExec {

  private DockerExec() {
  }

  /**
   * Runs {@code command} in container {@code id} and waits for it to end.
   *
   * @throws FleetException when it has not ended within {@code timeout}
   */
  static ExecResult run(DockerClient docker, String id, Duration timeout, String... command) {
    String execId = docker.execCreateCmd(id).withCmd(command).withAttachStdout(true).withAttachStderr(true)
        .exec().getId();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (ResultCallback.Adapter<Frame> callback = docker.execStartCmd(execId).exec(new ResultCallback.Adapter<>() {
      @Override
      public void onNext(Frame frame) {
        (frame.getStreamType() == StreamType.STDERR ? err : out).writeBytes(frame.getPayload());
      }
    })) {
      if (!callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new FleetException("command " + String.join(" ", command) + " in container " + id.substring(0, 12)
            + " did not end within " + timeout.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FleetException("interrupted while running " + String.join(" ", command), e);
    } catch (IOException e) {
      throw new FleetException("closing exec stream failed", e);
    }
    Long exit = docker.inspectExecCmd(execId).exec().getExitCodeLong();
    return new ExecResult(exit == null ? -1 : exit.intValue(), out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }
}
