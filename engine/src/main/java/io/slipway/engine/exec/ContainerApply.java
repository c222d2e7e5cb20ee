package io.slipway.engine.exec;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import io.slipway.engine.plan.ContainerSpec;
import java.util.Optional;

/**
 * Brings one container on a host to its spec: keep it when it runs with the same spec hash,
 * start it when it is merely stopped, otherwise remove it and create it anew.
 */
final class ContainerApply {

  /** What was done. */
  enum Action { KEPT, STARTED, CREATED, REPLACED }

  private ContainerApply() {
  }

  static Action apply(DockerClient docker, ContainerSpec spec) {
    Optional<InspectContainerResponse> existing = inspect(docker, spec.name());
    if (existing.isPresent()) {
      InspectContainerResponse current = existing.get();
      String hash = current.getConfig().getLabels() == null ? null
          : current.getConfig().getLabels().get(ContainerSpec.HASH_LABEL);
      if (spec.labels().get(ContainerSpec.HASH_LABEL).equals(hash)) {
        if (Boolean.TRUE.equals(current.getState().getRunning())) {
          return Action.KEPT;
        }
        docker.startContainerCmd(current.getId()).exec();
        return Action.STARTED;
      }
      docker.removeContainerCmd(current.getId()).withForce(true).exec();
    }
    HostConfig host = HostConfig.newHostConfig().withNetworkMode(spec.networkMode()).withPrivileged(spec.privileged())
        .withRestartPolicy(RestartPolicy.parse(spec.restartPolicy()))
        .withBinds(spec.binds().stream().map(Bind::parse).toList());
    if (!spec.pidMode().isEmpty()) {
      host.withPidMode(spec.pidMode());
    }
    String id = docker.createContainerCmd(spec.image()).withName(spec.name()).withCmd(spec.command())
        .withEnv(spec.env()).withLabels(spec.labels()).withHostConfig(host).exec().getId();
    docker.startContainerCmd(id).exec();
    return existing.isPresent() ? Action.REPLACED : Action.CREATED;
  }

  static Optional<InspectContainerResponse> inspect(DockerClient docker, String name) {
    try {
      return Optional.of(docker.inspectContainerCmd(name).exec());
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }
}
