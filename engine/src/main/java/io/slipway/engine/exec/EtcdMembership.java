package io.slipway.engine.exec;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import io.slipway.engine.plan.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * etcd membership changes, made with {@code etcdctl} inside a running member's container (whose
 * environment carries the endpoint and client certificate), as RKE does before a member joins
 * and after one leaves.
 */
final class EtcdMembership {

  /** One line of {@code etcdctl member list}: id, status, name, peer URLs. */
  record Member(String id, String name, String peerUrls) {
  }

  private EtcdMembership() {
  }

  /** Applies {@code step}; returns whether the membership changed (false when it was as wanted). */
  static boolean apply(DockerClient docker, Step.EtcdMember step) throws InterruptedException {
    List<Member> members = list(docker);
    Optional<Member> existing = members.stream()
        .filter(m -> m.peerUrls().contains(step.peerUrl()) || m.name().equals(step.member())).findFirst();
    if (step.add() == existing.isPresent()) {
      return false;
    }
    if (step.add()) {
      etcdctl(docker, "member", "add", step.member(), "--peer-urls=" + step.peerUrl());
    } else {
      etcdctl(docker, "member", "remove", existing.get().id());
    }
    return true;
  }

  static List<Member> list(DockerClient docker) throws InterruptedException {
    return etcdctl(docker, "member", "list").lines().map(line -> line.split(",\\s*"))
        .filter(fields -> fields.length >= 4).map(fields -> new Member(fields[0], fields[2], fields[3])).toList();
  }

  private static String etcdctl(DockerClient docker, String... args) throws InterruptedException {
    String[] command = new String[args.length + 1];
    command[0] = "etcdctl";
    System.arraycopy(args, 0, command, 1, args.length);
    String execId = docker.execCreateCmd("etcd").withCmd(command).withAttachStdout(true).withAttachStderr(true)
        .exec().getId();
    StringBuilder out = new StringBuilder();
    try (ResultCallback.Adapter<Frame> callback = docker.execStartCmd(execId).exec(new ResultCallback.Adapter<>() {
      @Override
      public void onNext(Frame frame) {
        synchronized (out) {
          out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
        }
      }
    })) {
      if (!callback.awaitCompletion(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("etcdctl " + String.join(" ", args) + " did not end within 30 s");
      }
    } catch (IOException e) {
      throw new IllegalStateException("etcdctl " + String.join(" ", args) + ": " + e.getMessage(), e);
    }
    Long exit = docker.inspectExecCmd(execId).exec().getExitCodeLong();
    if (exit == null || exit != 0) {
      throw new IllegalStateException("etcdctl " + String.join(" ", args) + " failed (exit " + exit + "): "
          + out.toString().strip());
    }
    return out.toString();
  }
}
