package io.slipway.simulator.fleet;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.PushResponseItem;
import com.github.dockerjava.api.model.Volume;
import io.slipway.simulator.Progress;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The fleet's image registry: a container on the fleet network that nodes pull component
 * images from (over plain HTTP, which their dockerd is told to trust), and that the Docker
 * host pushes to through a loopback-published port.
 */
final class FleetRegistry implements AutoCloseable {

  static final int PORT = 5000;
  /** Where the registry keeps its blobs (registry/config.yml): the store's volume. */
  private static final String STORAGE = "/var/lib/slipway-registry";
  private static final Duration PUSH_TIMEOUT = Duration.ofMinutes(10);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final DockerClient docker;
  private final int loopbackPort;
  private final String address;
  private final Runnable stop;

  private FleetRegistry(DockerClient docker, int loopbackPort, String address, Runnable stop) {
    this.docker = docker;
    this.loopbackPort = loopbackPort;
    this.address = address;
    this.stop = stop;
  }

  /**
   * A registry nodes reach at {@code address} and this machine at {@code 127.0.0.1:loopbackPort}
   * (loopback, so {@code docker} pushes to it over plain HTTP); {@code stop} ends it.
   */
  static FleetRegistry at(DockerClient docker, int loopbackPort, String address, Runnable stop) {
    return new FleetRegistry(docker, loopbackPort, address, stop);
  }

  static FleetRegistry start(DockerClient docker, String image, RegistryStore store, FleetNetwork network,
      String containerName, Map<String, String> labels, Lifetime lifetime) {
    GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
        .withImagePullPolicy(name -> false)
        .withExposedPorts(PORT)
        .withLabels(labels)
        .withReuse(lifetime == Lifetime.DETACHED)
        .withCreateContainerCmdModifier(cmd -> {
          cmd.withName(containerName).withIpv4Address(network.registryAddress()).withAliases("registry");
          cmd.getHostConfig().withNetworkMode(network.name()).withPortBindings(
              new PortBinding(Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(PORT)))
              .withBinds(new Bind(store.volume(), new Volume(STORAGE)));
        })
        .waitingFor(Wait.forHttp("/v2/").forPort(PORT).withStartupTimeout(Duration.ofSeconds(60)));
    container.start();
    return new FleetRegistry(docker, container.getMappedPort(PORT), network.registryAddress() + ":" + PORT,
        container::stop);
  }

  /** {@code host:port} as nodes reach it on the fleet network. */
  String address() {
    return address;
  }

  /**
   * Pushes a local image (e.g. {@code slipway/components:ab12}), unless the registry's store
   * holds it from an earlier fleet, and returns the reference nodes pull it by.
   */
  String push(String localImage, Progress progress) {
    int colon = localImage.lastIndexOf(':');
    String repository = localImage.substring(0, colon);
    String tag = localImage.substring(colon + 1);
    if (holds(repository, tag)) {
      progress.report(localImage + " is in the fleet registry's store already");
      return address + "/" + repository + ":" + tag;
    }
    String hostSide = "127.0.0.1:" + loopbackPort + "/" + repository;
    docker.tagImageCmd(localImage, hostSide, tag).exec();
    AtomicReference<String> error = new AtomicReference<>();
    try (ResultCallback.Adapter<PushResponseItem> callback =
             docker.pushImageCmd(hostSide).withTag(tag).exec(new ResultCallback.Adapter<>() {
               @Override
               public void onNext(PushResponseItem item) {
                 if (item.isErrorIndicated()) {
                   error.compareAndSet(null, item.getErrorDetail() != null
                       ? item.getErrorDetail().getMessage() : item.getError());
                 }
               }
             })) {
      if (!callback.awaitCompletion(PUSH_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
        throw new FleetException("pushing " + localImage + " to the fleet registry took over "
            + PUSH_TIMEOUT.toMinutes() + " min");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FleetException("interrupted while pushing " + localImage, e);
    } catch (IOException e) {
      throw new FleetException("pushing " + localImage + " failed", e);
    } finally {
      docker.removeImageCmd(hostSide + ":" + tag).withNoPrune(true).exec();  // drop only the extra tag
    }
    if (error.get() != null) {
      throw new FleetException("pushing " + localImage + " to the fleet registry failed: " + error.get());
    }
    progress.report("pushed " + localImage + " to the fleet registry");
    return address + "/" + repository + ":" + tag;
  }

  /** Whether the registry has a manifest for {@code repository:tag} (the Registry API's HEAD). */
  private boolean holds(String repository, String tag) {
    HttpRequest head = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + loopbackPort + "/v2/"
            + repository + "/manifests/" + tag))
        .method("HEAD", HttpRequest.BodyPublishers.noBody())
        .header("Accept", "application/vnd.docker.distribution.manifest.v2+json")
        .timeout(Duration.ofSeconds(10)).build();
    try {
      return HTTP.send(head, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      throw new FleetException("the fleet registry did not answer whether it holds " + repository + ":" + tag, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FleetException("interrupted while asking the fleet registry for " + repository + ":" + tag, e);
    }
  }

  @Override
  public void close() {
    stop.run();
  }
}
