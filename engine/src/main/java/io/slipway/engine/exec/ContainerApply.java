package io.slipway.engine.exec;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.api.model.VolumesFrom;
import io.slipway.engine.plan.ContainerChange;
import io.slipway.engine.plan.ContainerSpec;
import io.slipway.engine.plan.ObservedContainer;

/**
 * Carries out the diff's decision for one container through a host's Docker API; decides
 * nothing itself. Removing a container that is already gone is not an error: a re-run after a
 * failure finds some changes done.
 */
final class ContainerApply implements ContainerChange.Containers {

  private final DockerClient docker;

  ContainerApply(DockerClient docker) {
    this.docker = docker;
  }

  @Override
  public void create(ContainerSpec spec) {
    HostConfig host = HostConfig.newHostConfig().withNetworkMode(spec.networkMode()).withPrivileged(spec.privileged())
        .withRestartPolicy(RestartPolicy.parse(spec.restartPolicy()))
        .withBinds(spec.binds().stream().map(Bind::parse).toList())
        .withVolumesFrom(spec.volumesFrom().stream().map(VolumesFrom::new).toArray(VolumesFrom[]::new));
    if (!spec.pidMode().isEmpty()) {
      host.withPidMode(spec.pidMode());
    }
    String id = docker.createContainerCmd(spec.image()).withName(spec.name()).withCmd(spec.command())
        .withEnv(spec.env()).withLabels(spec.labels()).withVolumes(spec.volumes().stream().map(Volume::new).toList())
        .withHostConfig(host).exec().getId();
    if (spec.started()) {
      docker.startContainerCmd(id).exec();
    }
  }

  @Override
  public void start(ObservedContainer container) {
    try {
      docker.startContainerCmd(container.id()).exec();
    } catch (NotModifiedException running) {
      // started since it was observed (its restart policy, or an interrupted run): what was wanted
    }
  }

  @Override
  public void remove(ObservedContainer container) {
    try {
      // with its anonymous volumes, as RKE removes containers (one still mounted elsewhere stays until it is not)
      docker.removeContainerCmd(container.id()).withForce(true).withRemoveVolumes(true).exec();
    } catch (NotFoundException gone) {
      // removed already (by an earlier, interrupted run): what was wanted
    }
  }
}
