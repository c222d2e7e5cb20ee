package io.slipway.standin.kubelet;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.slipway.standin.NodeClock;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The node's Docker engine as the kubelet uses it (the dockershim of kubelets before 1.24, and
 * what cri-dockerd does after): pod sandboxes and containers named and labelled as dockershim
 * named them ({@code k8s_NAME_POD_NAMESPACE_UID_ATTEMPT}), each also labelled with the node, so
 * that kubelets sharing one engine (tests) keep to their own.
 */
final class DockerRuntime implements AutoCloseable {

  static final String POD_NAME = "io.kubernetes.pod.name";
  static final String POD_NAMESPACE = "io.kubernetes.pod.namespace";
  static final String POD_UID = "io.kubernetes.pod.uid";
  static final String CONTAINER_NAME = "io.kubernetes.container.name";
  static final String TYPE = "io.kubernetes.docker.type";
  static final String ATTEMPT = "annotation.io.kubernetes.container.restartCount";
  static final String GRACE = "io.kubernetes.pod.terminationGracePeriod";
  static final String NODE = "io.slipway.node";
  static final String STANDS_IN = "io.slipway.stands-in";

  private final DockerClient docker;
  private final String node;
  /** Inspections by container id, kept while the container's state stays the same. */
  private final Map<String, ObservedContainer> inspected = new ConcurrentHashMap<>();
  /** Images the engine was seen to hold. */
  private final Set<String> images = ConcurrentHashMap.newKeySet();

  private DockerRuntime(DockerClient docker, String node) {
    this.docker = docker;
    this.node = node;
  }

  /** The engine at {@code endpoint} ({@code unix:///var/run/docker.sock}, the kubelet's --docker-endpoint). */
  static DockerRuntime connect(String endpoint, String node) {
    URI uri = URI.create(endpoint);
    DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost(uri.toString()).withDockerTlsVerify(false).build();
    return new DockerRuntime(DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder().dockerHost(uri)
        .connectionTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofMinutes(5)).build()), node);
  }

  /** Why the engine does not answer, or empty while it does. */
  Optional<String> down() {
    try {
      docker.pingCmd().exec();
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of("container runtime is down: " + e.getMessage());
    }
  }

  /**
   * Calls {@code exited} whenever a container this kubelet made stops, from a daemon thread that
   * follows the engine's events (subscribing again a second after the stream ends or fails), so
   * that a finished container is seen at once rather than at the next relist.
   */
  void onExit(Runnable exited) {
    Thread follower = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        try (ResultCallback.Adapter<Event> events = docker.eventsCmd().withEventTypeFilter(EventType.CONTAINER)
            .withEventFilter("die").withLabelFilter(Map.of(NODE, node)).exec(new ResultCallback.Adapter<>() {
              @Override
              public void onNext(Event event) {
                exited.run();
              }
            })) {
          events.awaitCompletion();
        } catch (InterruptedException e) {
          return;
        } catch (IOException | RuntimeException e) {
          // the engine restarting or the stream timing out: subscribe again
        }
        try {
          TimeUnit.SECONDS.sleep(1);  // a back-off between subscriptions, not a wait for a state
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "docker events " + node);
    follower.setDaemon(true);
    follower.start();
  }

  /** Every sandbox and container this kubelet made, running or not. */
  List<ObservedContainer> list() {
    List<ObservedContainer> all = list(Map.of(NODE, node));
    inspected.keySet().retainAll(all.stream().map(ObservedContainer::id).toList());
    return all;
  }

  /** The sandboxes and containers of one pod. */
  List<ObservedContainer> list(String podUid) {
    return list(Map.of(NODE, node, POD_UID, podUid));
  }

  private List<ObservedContainer> list(Map<String, String> labels) {
    List<Container> containers = docker.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec();
    List<ObservedContainer> observed = new ArrayList<>();
    for (Container c : containers) {
      ObservedContainer.State state = state(c.getState());
      ObservedContainer known = inspected.get(c.getId());
      if (known == null || known.state() != state) {
        try {
          known = inspect(c.getId());
        } catch (NotFoundException e) {
          continue;  // removed since the list
        }
        inspected.put(c.getId(), known);
      }
      observed.add(known);
    }
    return observed;
  }

  private ObservedContainer inspect(String id) {
    InspectContainerResponse r = docker.inspectContainerCmd(id).exec();
    Map<String, String> labels = r.getConfig().getLabels() == null ? Map.of() : r.getConfig().getLabels();
    InspectContainerResponse.ContainerState s = r.getState();
    String ip = r.getNetworkSettings() == null || r.getNetworkSettings().getIpAddress() == null ? ""
        : r.getNetworkSettings().getIpAddress();
    return new ObservedContainer(id, labels.getOrDefault(POD_UID, ""), labels.getOrDefault(POD_NAME, ""),
        labels.getOrDefault(POD_NAMESPACE, ""), labels.getOrDefault(CONTAINER_NAME, ""),
        parseInt(labels.get(ATTEMPT)), state(s.getStatus()),
        s.getExitCodeLong() == null ? 0 : s.getExitCodeLong().intValue(), Boolean.TRUE.equals(s.getOOMKilled()),
        s.getError() == null ? "" : s.getError(), time(s.getStartedAt()), time(s.getFinishedAt()), ip,
        r.getImageId() == null ? "" : r.getImageId(), parseInt(labels.get(GRACE)),
        "true".equals(labels.get(STANDS_IN)));
  }

  private static ObservedContainer.State state(String docker) {
    return switch (docker == null ? "" : docker) {
      case "running", "paused", "restarting" -> ObservedContainer.State.RUNNING;
      case "created" -> ObservedContainer.State.CREATED;
      default -> ObservedContainer.State.EXITED;
    };
  }

  private static Optional<Instant> time(String text) {
    if (text == null || text.startsWith("0001-")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static int parseInt(String text) {
    try {
      return text == null ? 0 : Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Whether the engine holds {@code image}; a yes is remembered (the kubelet removes no images). */
  boolean hasImage(String image) {
    if (images.contains(image)) {
      return true;
    }
    try {
      docker.inspectImageCmd(image).exec();
      images.add(image);
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  /** Pulls {@code image}; throws {@link DockerException} (or an unchecked wrapper) naming why it failed. */
  void pull(String image, Duration timeout) {
    AtomicReference<String> error = new AtomicReference<>();
    try (ResultCallback.Adapter<PullResponseItem> callback = docker.pullImageCmd(image)
        .exec(new ResultCallback.Adapter<>() {
          @Override
          public void onNext(PullResponseItem item) {
            if (item.isErrorIndicated()) {
              error.compareAndSet(null, item.getErrorDetail() != null ? item.getErrorDetail().getMessage()
                  : item.getError());
            }
          }
        })) {
      if (!callback.awaitCompletion(timeout.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException("pulling " + image + " took over " + timeout.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while pulling " + image, e);
    } catch (IOException e) {
      throw new IllegalStateException("pulling " + image + " failed: " + e.getMessage(), e);
    }
    if (error.get() != null) {
      throw new IllegalStateException(error.get());
    }
  }

  /** Labels common to a pod's sandbox and containers. */
  private Map<String, String> labels(PodRef pod, String container, String type, int attempt) {
    Map<String, String> labels = new HashMap<>();
    labels.put(POD_NAME, pod.name());
    labels.put(POD_NAMESPACE, pod.namespace());
    labels.put(POD_UID, pod.uid());
    labels.put(CONTAINER_NAME, container);
    labels.put(TYPE, type);
    labels.put(ATTEMPT, Integer.toString(attempt));
    labels.put(GRACE, Integer.toString(pod.gracePeriodSeconds()));
    labels.put(NODE, node);
    return labels;
  }

  private static String dockerName(PodRef pod, String container, int attempt) {
    return "k8s_" + container + "_" + pod.name() + "_" + pod.namespace() + "_" + pod.uid() + "_" + attempt;
  }

  /** Creates and starts the pod's sandbox: {@code /pause} of {@code image}, holding the pod's network. */
  String runSandbox(PodRef pod, String image, int attempt) {
    HostConfig host = HostConfig.newHostConfig().withNetworkMode(pod.hostNetwork() ? "host" : "bridge")
        .withIpcMode("shareable");
    CreateContainerCmd create = docker.createContainerCmd(image).withName(dockerName(pod, ObservedContainer.SANDBOX,
            attempt)).withEntrypoint("/pause").withCmd(List.of())
        .withLabels(labels(pod, ObservedContainer.SANDBOX, "podsandbox", attempt)).withHostConfig(host);
    if (!pod.hostNetwork()) {
      create.withHostName(pod.name().length() > 63 ? pod.name().substring(0, 63) : pod.name());
    }
    String id = create.exec().getId();
    docker.startContainerCmd(id).exec();
    return id;
  }

  /**
   * Creates the container in the sandbox's namespaces and starts it. A failed start leaves the
   * created container (its state tells the pod status why) and throws.
   */
  String runContainer(PodRef pod, ContainerConfig config, String image, List<String> binds, String sandboxId,
      int attempt) {
    HostConfig host = HostConfig.newHostConfig().withNetworkMode("container:" + sandboxId)
        .withIpcMode("container:" + sandboxId).withCpuShares(config.cpuShares())
        .withBinds(binds.stream().map(Bind::parse).toList());
    if (config.memoryBytes() > 0) {
      host.withMemory(config.memoryBytes());
    }
    if (config.nanoCpus() > 0) {
      host.withNanoCPUs(config.nanoCpus());
    }
    Map<String, String> labels = labels(pod, config.name(), "container", attempt);
    if (config.standsIn()) {
      labels.put(STANDS_IN, "true");
    }
    CreateContainerCmd create = docker.createContainerCmd(image).withName(dockerName(pod, config.name(), attempt))
        .withLabels(labels).withEnv(config.env()).withHostConfig(host);
    if (!config.entrypoint().isEmpty()) {
      create.withEntrypoint(config.entrypoint()).withCmd(config.cmd());
    } else if (!config.cmd().isEmpty()) {
      create.withCmd(config.cmd());
    }
    if (!config.workingDir().isEmpty()) {
      create.withWorkingDir(config.workingDir());
    }
    String id = create.exec().getId();
    docker.startContainerCmd(id).exec();
    return id;
  }

  /** Stops (SIGTERM, then SIGKILL after {@code grace}) and removes a container; gone already is fine. */
  void remove(String id, int graceSeconds) {
    try {
      docker.stopContainerCmd(id).withTimeout(graceSeconds).exec();
    } catch (NotFoundException e) {
      return;
    } catch (DockerException e) {
      // not running (304 is handled by docker-java) or stopping failed: removal forces it
    }
    try {
      docker.removeContainerCmd(id).withForce(true).exec();
    } catch (NotFoundException e) {
      // gone already
    }
    inspected.remove(id);
  }

  /** Kills a running container (a failed liveness probe); the pod's restart policy decides what follows. */
  void kill(String id, int graceSeconds) {
    try {
      docker.stopContainerCmd(id).withTimeout(graceSeconds).exec();
    } catch (NotFoundException e) {
      // gone: nothing to kill
    }
  }

  /** Runs {@code command} in the container; its exit code, or empty when it did not end within {@code timeout}. */
  Optional<Integer> exec(String id, List<String> command, Duration timeout) {
    String exec = docker.execCreateCmd(id).withCmd(command.toArray(String[]::new)).withAttachStdout(true)
        .withAttachStderr(true).exec().getId();
    try (ResultCallback.Adapter<Frame> callback = docker.execStartCmd(exec).exec(new ResultCallback.Adapter<>())) {
      if (!callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return Optional.empty();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
    Long exit = docker.inspectExecCmd(exec).exec().getExitCodeLong();
    return Optional.ofNullable(exit).map(Long::intValue);
  }

  /**
   * Streams a container's log (stdout and stderr as Docker keeps them) to {@code sink} until it
   * ends, or, with {@code follow}, until the container stops or {@code sink} throws.
   */
  ResultCallback.Adapter<Frame> logs(String id, boolean follow, Integer tailLines, boolean timestamps,
      Integer sinceSeconds, Consumer<byte[]> sink) {
    var cmd = docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(follow)
        .withTimestamps(timestamps);
    if (tailLines != null) {
      cmd.withTail(tailLines);
    }
    if (sinceSeconds != null) {
      cmd.withSince((int) (Instant.now(NodeClock.get()).getEpochSecond() - sinceSeconds));
    }
    return cmd.exec(new ResultCallback.Adapter<>() {
      @Override
      public void onNext(Frame frame) {
        sink.accept(frame.getPayload());
      }
    });
  }

  @Override
  public void close() {
    try {
      docker.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }

  /** What naming and labelling need of a pod. */
  record PodRef(String name, String namespace, String uid, boolean hostNetwork, int gracePeriodSeconds) {
  }
}
