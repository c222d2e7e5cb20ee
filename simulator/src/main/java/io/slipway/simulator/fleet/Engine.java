package io.slipway.simulator.fleet;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.LocalNodeState;
import com.github.dockerjava.api.model.SwarmInfo;
import com.github.dockerjava.api.model.SwarmSpec;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.slipway.engine.host.SharedMapperConfig;
import io.slipway.simulator.Progress;
import io.slipway.simulator.docker.DockerEngine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

/**
 * One Docker engine of a spread fleet, reached over TCP (with TLS when its spec names
 * certificates): what the fleet needs of it beyond running containers — joining a swarm and
 * receiving images built elsewhere.
 */
final class Engine implements AutoCloseable {

  private static final int SWARM_PORT = 2377;
  private static final List<String> CERTIFICATE_FILES = List.of("ca.pem", "cert.pem", "key.pem");

  private final String name;
  private final EngineSpec spec;
  private final DockerClient docker;

  private Engine(String name, EngineSpec spec, DockerClient docker) {
    this.name = name;
    this.spec = spec;
    this.docker = docker;
  }

  /** Connects and pings; a silent or refusing engine is a {@link FleetException} naming it. */
  static Engine connect(String name, EngineSpec spec) {
    spec.certificates().ifPresent(dir -> {
      List<String> missing = CERTIFICATE_FILES.stream().filter(file -> !Files.isReadable(dir.resolve(file))).toList();
      if (!missing.isEmpty()) {
        throw new FleetException(name + " (" + spec.endpoint() + "): its tls folder " + dir + " has no "
            + String.join(", ", missing) + " (the client certificate: ca.pem, cert.pem, key.pem; bin/engines up "
            + "makes them for the engines it starts)");
      }
    });
    DefaultDockerClientConfig.Builder config = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost(spec.endpoint().toString()).withDockerTlsVerify(spec.certificates().isPresent());
    spec.certificates().ifPresent(dir -> config.withDockerCertPath(dir.toString()));
    DefaultDockerClientConfig built = config.build();
    DockerClient docker = DockerClientImpl.getInstance(new SharedMapperConfig(built),
        new ZerodepDockerHttpClient.Builder().dockerHost(built.getDockerHost()).sslConfig(built.getSSLConfig())
            .connectionTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofMinutes(10)).build());
    try {
      docker.pingCmd().exec();
    } catch (RuntimeException e) {
      close(docker);
      throw new FleetException(name + " (" + spec.endpoint() + ") does not answer" + spec.certificates()
          .map(dir -> " with the certificates in " + dir).orElse(" (no tls: folder given)") + ": " + DockerEngine.rootMessage(e), e);
    }
    return new Engine(name, spec, docker);
  }

  String name() {
    return name;
  }

  /** The engine's address: where its published ports are, and what it advertises to the swarm. */
  String host() {
    return spec.host();
  }

  DockerClient docker() {
    return docker;
  }

  /**
   * Makes {@code engines} one swarm: the first initializes one unless it is in one already, each
   * other joins it as a worker unless it is in a swarm already (which must then be the same).
   */
  static void joinSwarm(List<Engine> engines, Progress progress) {
    Engine manager = engines.get(0);
    SwarmInfo first = manager.docker.infoCmd().exec().getSwarm();
    if (first == null || first.getLocalNodeState() != LocalNodeState.ACTIVE) {
      manager.docker.initializeSwarmCmd(new SwarmSpec()).withAdvertiseAddr(manager.host())
          .withListenAddr("0.0.0.0:" + SWARM_PORT).exec();
      progress.report(manager.name + " started a swarm");
    } else if (!Boolean.TRUE.equals(first.getControlAvailable())) {
      throw new FleetException(manager.name + " (" + manager.spec.endpoint() + ") is a worker of a swarm; list a "
          + "manager of it first under engines:");
    }
    String token = manager.docker.inspectSwarmCmd().exec().getJoinTokens().getWorker();
    for (Engine engine : engines.subList(1, engines.size())) {
      SwarmInfo info = engine.docker.infoCmd().exec().getSwarm();
      if (info != null && info.getLocalNodeState() == LocalNodeState.ACTIVE) {
        boolean member = manager.docker.listSwarmNodesCmd().exec().stream()
            .anyMatch(node -> node.getId().equals(info.getNodeID()));
        if (!member) {
          throw new FleetException(engine.name + " (" + engine.spec.endpoint() + ") is in another swarm than "
              + manager.name + "; `docker swarm leave` there first");
        }
        continue;
      }
      engine.docker.joinSwarmCmd().withRemoteAddrs(List.of(manager.host() + ":" + SWARM_PORT)).withJoinToken(token)
          .withAdvertiseAddr(engine.host()).withListenAddr("0.0.0.0:" + SWARM_PORT).exec();
      progress.report(engine.name + " joined the swarm of " + manager.name);
    }
  }

  /** Copies {@code image} from {@code source} unless this engine has it already. */
  void receive(DockerClient source, String image, Progress progress) {
    try {
      docker.inspectImageCmd(image).exec();
      return;
    } catch (NotFoundException e) {
      // copied below
    }
    try (InputStream saved = source.saveImageCmd(image).exec()) {
      docker.loadImageCmd(saved).exec();
    } catch (IOException e) {
      throw new FleetException("copying " + image + " to " + name + " failed: " + e.getMessage(), e);
    }
    progress.report("copied " + image + " to " + name);
  }

  @Override
  public void close() {
    close(docker);
  }

  private static void close(DockerClient docker) {
    try {
      docker.close();
    } catch (IOException e) {
      // the connection is gone either way
    }
  }
}
