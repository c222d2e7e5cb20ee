package io.slipway.standin.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.standin.client.Events;
import io.slipway.standin.client.KubeClient;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the pods bound to the node through its Docker engine: a sandbox per pod, then its init
 * containers one after another, then its containers; restarts by the pod's restart policy with
 * the kubelet's back-off (10 s doubling to 5 min); kills a container whose liveness probe fails;
 * removes what belongs to pods that are gone; posts each pod's status when it changes. One
 * worker per pod at a time, a few pods in parallel.
 */
final class PodWorkers implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PodWorkers.class);
  private static final Duration PULL_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
  private static final Duration PULL_BACKOFF = Duration.ofSeconds(10);
  /** How often the pods bound here are listed again though the watch reported no change (its gaps). */
  private static final long LIST_RESYNC_NANOS = Duration.ofSeconds(10).toNanos();

  private final KubeClient client;
  private final DockerRuntime runtime;
  private final Probes probes;
  private final Events events;
  private final ImageMap images;
  private final String node;
  private final String nodeAddress;
  private final String infraImage;
  private final Volumes volumes;
  /** The apiserver as this node's own components reach it: what host-network pods are told to call. */
  private final URI apiserver;
  private final Clock clock;
  private final ExecutorService workers = Executors.newFixedThreadPool(4, r -> {
    Thread t = new Thread(r, "pod-worker");
    t.setDaemon(true);
    return t;
  });
  private final Set<String> busy = ConcurrentHashMap.newKeySet();
  private final Map<String, Map<String, PodStatuses.Waiting>> waiting = new ConcurrentHashMap<>();
  private final Map<String, Instant> startTimes = new ConcurrentHashMap<>();
  private final Map<String, String> posted = new ConcurrentHashMap<>();
  /** When a worker last changed a pod's containers (System.nanoTime), by pod uid. */
  private final Map<String, Long> changedAt = new ConcurrentHashMap<>();
  /** The pods bound to this node as last listed (null: to be listed), and when; only the sync loop's thread uses them. */
  private List<ObjectNode> listed;
  private long listedNanos;
  /** Images whose pull failed, and when the next try may be. */
  private final Map<String, Instant> pullRetries = new ConcurrentHashMap<>();

  PodWorkers(KubeClient client, DockerRuntime runtime, ImageMap images, String node, String nodeAddress,
      String infraImage, Volumes volumes, URI apiserver, Clock clock) {
    this.client = client;
    this.runtime = runtime;
    this.probes = new Probes(runtime);
    this.events = new Events(client, "kubelet", node, clock);
    this.images = images;
    this.node = node;
    this.nodeAddress = nodeAddress;
    this.infraImage = infraImage;
    this.volumes = volumes;
    this.apiserver = apiserver;
    this.clock = clock;
  }

  /**
   * One pass: every bound pod gets a worker (unless one is at it), every orphan is removed. The
   * bound pods are listed from the API again only when {@code watchedChange}, when the last list
   * is ten seconds old, or failed; else those of the last pass serve.
   */
  void sync(boolean watchedChange) {
    if (watchedChange || listed == null || System.nanoTime() - listedNanos >= LIST_RESYNC_NANOS) {
      listed = null;  // a list that fails is tried again at the next pass
      listed = client.list("/api/v1/pods", "spec.nodeName=" + node);
      listedNanos = System.nanoTime();
    }
    List<ObjectNode> pods = listed;
    long listedAt = System.nanoTime();
    List<ObservedContainer> observed = runtime.list();
    Map<String, List<ObservedContainer>> byPod = observed.stream()
        .collect(Collectors.groupingBy(ObservedContainer::podUid));
    Set<String> bound = new HashSet<>();
    for (ObjectNode pod : pods) {
      String uid = pod.path("metadata").path("uid").asText();
      bound.add(uid);
      if (busy.add(uid)) {
        List<ObservedContainer> mine = byPod.getOrDefault(uid, List.of());
        workers.submit(() -> {
          try {
            // a worker of an earlier pass may have changed the pod's containers since they were listed
            Long changed = changedAt.get(uid);
            syncPod(pod, changed != null && changed - listedAt >= 0 ? runtime.list(uid) : mine);
          } catch (RuntimeException e) {
            LOG.warn("node {}: pod {}: {}", node, name(pod), e.getMessage());
          } finally {
            busy.remove(uid);
          }
        });
      }
    }
    byPod.forEach((uid, containers) -> {
      if (!bound.contains(uid) && busy.add(uid)) {
        workers.submit(() -> {
          try {
            removeAll(containers);
            volumes.remove(uid);
            LOG.info("node {}: removed the containers of pod {}/{}, which is gone", node,
                containers.get(0).namespace(), containers.get(0).podName());
          } finally {
            busy.remove(uid);
          }
        });
      }
    });
    waiting.keySet().retainAll(bound);
    changedAt.keySet().retainAll(bound);
    startTimes.keySet().retainAll(bound);
    posted.keySet().retainAll(bound);
    probes.retain(observed.stream().map(ObservedContainer::id).toList());
  }

  private void syncPod(ObjectNode pod, List<ObservedContainer> observed) {
    String uid = pod.path("metadata").path("uid").asText();
    String phase = pod.path("status").path("phase").asText("Pending");
    Map<String, PodStatuses.Waiting> podWaiting = waiting.computeIfAbsent(uid, u -> new ConcurrentHashMap<>());
    startTimes.computeIfAbsent(uid, u -> clock.instant());
    boolean terminal = phase.equals("Succeeded") || phase.equals("Failed");
    if (!terminal && act(pod, observed, podWaiting)) {
      changedAt.put(uid, System.nanoTime());
      observed = runtime.list(uid);  // what the changes made
    }
    Map<String, Boolean> ready = new HashMap<>();
    String podIp = PodStatuses.latest(observed, ObservedContainer.SANDBOX).map(ObservedContainer::ip).orElse("");
    if (pod.path("spec").path("hostNetwork").asBoolean()) {
      podIp = nodeAddress;
    }
    for (JsonNode container : pod.path("spec").path("containers")) {
      Optional<ObservedContainer> c = PodStatuses.latest(observed, container.path("name").asText())
          .filter(ObservedContainer::running);
      if (c.isPresent()) {
        ready.put(c.get().id(), probes.check(Probes.Kind.READINESS, container, c.get(), podIp, clock.instant()));
      }
    }
    ObjectNode status = PodStatuses.of(pod, new PodStatuses.Inputs(observed, Map.copyOf(podWaiting), ready,
        nodeAddress, startTimes.get(uid)));
    String text = status.toString();
    if (!text.equals(posted.get(uid))) {
      ObjectNode patch = client.json().createObjectNode();
      patch.set("status", status);
      client.mergePatch("/api/v1/namespaces/" + pod.path("metadata").path("namespace").asText() + "/pods/"
          + pod.path("metadata").path("name").asText() + "/status", patch);
      if (!status.path("phase").asText().equals(phase)) {
        LOG.info("node {}: pod {} {}", node, name(pod), status.path("phase").asText());
      }
      posted.put(uid, text);
    }
  }

  /** Brings the pod's containers to what its spec and restart policy say; whether it changed any. */
  private boolean act(ObjectNode pod, List<ObservedContainer> observed, Map<String, PodStatuses.Waiting> podWaiting) {
    JsonNode spec = pod.path("spec");
    String policy = spec.path("restartPolicy").asText("Always");
    DockerRuntime.PodRef ref = new DockerRuntime.PodRef(pod.path("metadata").path("name").asText(),
        pod.path("metadata").path("namespace").asText(), pod.path("metadata").path("uid").asText(),
        spec.path("hostNetwork").asBoolean(), spec.path("terminationGracePeriodSeconds").asInt(30));
    Optional<ObservedContainer> sandbox = PodStatuses.latest(observed, ObservedContainer.SANDBOX);
    boolean changed = false;
    if (sandbox.isEmpty() || !sandbox.get().running()) {
      // a new sandbox (the first, or after the old one died: a node restart) means new containers
      List<ObservedContainer> containers = observed.stream().filter(o -> !o.sandbox() && o.running()).toList();
      containers.forEach(c -> runtime.kill(c.id(), ref.gracePeriodSeconds()));
      int attempt = sandbox.map(s -> s.attempt() + 1).orElse(0);
      String image = image(pod, infraImage, "IfNotPresent", ObservedContainer.SANDBOX, podWaiting);
      if (image == null) {
        return !containers.isEmpty();
      }
      sandbox.ifPresent(s -> runtime.remove(s.id(), 0));
      String id;
      try {
        id = runtime.runSandbox(ref, image, attempt);
      } catch (RuntimeException e) {
        events.warning(pod, "FailedCreatePodSandBox", "Failed to create pod sandbox: " + e.getMessage());
        return true;  // the containers wait in ContainerCreating; the next pass tries again
      }
      observed = runtime.list(ref.uid());
      sandbox = observed.stream().filter(o -> o.id().equals(id)).findFirst();
      if (sandbox.isEmpty()) {
        return true;
      }
      changed = true;
    }
    String sandboxId = sandbox.get().id();
    for (JsonNode container : spec.path("initContainers")) {
      Optional<ObservedContainer> latest = PodStatuses.latest(observed, container.path("name").asText());
      if (latest.isPresent() && latest.get().state() == ObservedContainer.State.EXITED
          && latest.get().exitCode() == 0) {
        podWaiting.remove(container.path("name").asText());  // whatever held it up before is over
        continue;  // done
      }
      // the next one starts once this one has succeeded
      return ensure(ref, pod, container, latest, sandboxId, policy.equals("Never") ? "Never" : "OnFailure",
          podWaiting) || changed;
    }
    for (JsonNode container : spec.path("containers")) {
      Optional<ObservedContainer> latest = PodStatuses.latest(observed, container.path("name").asText());
      if (latest.isPresent() && latest.get().running()) {
        String podIp = ref.hostNetwork() ? nodeAddress : sandbox.get().ip();
        if (!probes.check(Probes.Kind.LIVENESS, container, latest.get(), podIp, clock.instant())) {
          LOG.info("node {}: pod {} container {} failed its liveness probe; killing it", node, name(pod),
              container.path("name").asText());
          events.normal(pod, "Killing", "Container " + container.path("name").asText()
              + " failed liveness probe, will be restarted");
          runtime.kill(latest.get().id(), ref.gracePeriodSeconds());
          changed = true;
        }
        continue;
      }
      changed |= ensure(ref, pod, container, latest, sandboxId, policy, podWaiting);
    }
    return changed;
  }

  /**
   * Starts a container that never ran, or restarts one that ended when the policy and the
   * back-off say so; whether it created one.
   */
  private boolean ensure(DockerRuntime.PodRef ref, ObjectNode pod, JsonNode container, Optional<ObservedContainer> latest,
      String sandboxId, String policy, Map<String, PodStatuses.Waiting> podWaiting) {
    String name = container.path("name").asText();
    int attempt = 0;
    if (latest.isPresent()) {
      ObservedContainer c = latest.get();
      boolean failed = c.exitCode() != 0 || c.neverStarted();
      if (policy.equals("Never") || (policy.equals("OnFailure") && !failed)) {
        podWaiting.remove(name);
        return false;  // ended for good
      }
      Instant ended = c.finishedAt().orElse(c.startedAt().orElse(Instant.EPOCH));
      Duration backoff = backoff(c.attempt());
      if (clock.instant().isBefore(ended.plus(backoff))) {
        if (podWaiting.get(name) == null || !podWaiting.get(name).reason().equals("CrashLoopBackOff")) {
          events.warning(pod, "BackOff", "Back-off restarting failed container");
        }
        podWaiting.put(name, new PodStatuses.Waiting("CrashLoopBackOff", "back-off " + backoff.toSeconds()
            + "s restarting failed container=" + name + " pod=" + ref.name() + "_" + ref.namespace() + "("
            + ref.uid() + ")"));
        return false;
      }
      attempt = c.attempt() + 1;
    }
    ContainerConfig config = ContainerConfig.of(pod, container).withDefaultEnv(serviceEnv(ref.hostNetwork()));
    String image = image(pod, config.image(), config.pullPolicy(), name, podWaiting);
    if (image == null) {
      return false;
    }
    if (images.standsIn(config.image(), image)) {
      config = config.standingIn(pod, container, new ContainerConfig.StandIn(images.programsAbsent(config.image()),
          !policy.equals("Always"), ref.hostNetwork()));
    }
    List<String> binds;
    try {
      binds = volumes.binds(pod, container, config.standsIn());
    } catch (Volumes.MountException e) {
      if (podWaiting.get(name) == null || !podWaiting.get(name).message().equals(e.getMessage())) {
        events.warning(pod, "FailedMount", e.getMessage());
      }
      podWaiting.put(name, new PodStatuses.Waiting("ContainerCreating", e.getMessage()));
      return false;
    }
    try {
      runtime.runContainer(ref, config, image, binds, sandboxId, attempt);
      events.normal(pod, "Created", "Created container " + name);
      events.normal(pod, "Started", "Started container " + name);
      podWaiting.remove(name);
      latest.ifPresent(old -> removeOlder(ref.uid(), name, old.attempt()));
    } catch (RuntimeException e) {  // a created container whose start failed stays: its state says why
      podWaiting.put(name, new PodStatuses.Waiting("RunContainerError", e.getMessage()));
      events.warning(pod, "Failed", "Error: " + e.getMessage());
      LOG.info("node {}: pod {} container {} did not start: {}", node, name(pod), name, e.getMessage());
    }
    return true;
  }

  /**
   * The variables the kubelet gives every container for the {@code kubernetes} Service. A pod on
   * the node's network is given the address the node's own components reach the apiserver by
   * (the stand-in kube-proxy programs no rules, so the Service's cluster IP leads nowhere); the
   * apiserver's certificate names it (RKE puts 127.0.0.1 in its SANs).
   */
  private List<String> serviceEnv(boolean hostNetwork) {
    if (!hostNetwork) {
      return List.of();
    }
    String host = apiserver.getHost();
    int port = apiserver.getPort() < 0 ? 443 : apiserver.getPort();
    return List.of("KUBERNETES_SERVICE_HOST=" + host, "KUBERNETES_SERVICE_PORT=" + port,
        "KUBERNETES_SERVICE_PORT_HTTPS=" + port, "KUBERNETES_PORT=tcp://" + host + ":" + port);
  }

  /** Keeps the latest ended instance of a container (for {@code logs --previous}) and removes older ones. */
  private void removeOlder(String uid, String container, int keepFrom) {
    runtime.list(uid).stream().filter(o -> o.container().equals(container) && o.attempt() < keepFrom)
        .forEach(o -> runtime.remove(o.id(), 0));
  }

  /** The image to run for {@code wanted}, pulled if needed; null (and a waiting reason) when it cannot be had. */
  private String image(JsonNode pod, String wanted, String pullPolicy, String container,
      Map<String, PodStatuses.Waiting> podWaiting) {
    String image = images.resolve(wanted, runtime::hasImage);
    boolean present = runtime.hasImage(image);
    boolean pull = !present || (pullPolicy.equals("Always") && ImageMap.registry(image).isPresent());
    if (!pull) {
      return image;
    }
    if (pullPolicy.equals("Never")) {
      podWaiting.put(container, new PodStatuses.Waiting("ErrImageNeverPull",
          "Container image \"" + wanted + "\" is not present with pull policy of Never"));
      return null;
    }
    Instant retry = pullRetries.get(image);
    if (retry != null && clock.instant().isBefore(retry)) {
      if (present) {
        return image;
      }
      podWaiting.put(container, new PodStatuses.Waiting("ImagePullBackOff", "Back-off pulling image \"" + wanted
          + "\""));
      return null;
    }
    try {
      events.normal(pod, "Pulling", "Pulling image \"" + image + "\"");
      Instant start = clock.instant();
      runtime.pull(image, PULL_TIMEOUT);
      events.normal(pod, "Pulled", "Successfully pulled image \"" + image + "\" in "
          + Duration.between(start, clock.instant()).toMillis() + "ms");
      pullRetries.remove(image);
      return image;
    } catch (RuntimeException e) {
      pullRetries.put(image, clock.instant().plus(PULL_BACKOFF));
      events.warning(pod, "Failed", "Failed to pull image \"" + image + "\": " + e.getMessage());
      if (present) {
        return image;  // Always, but the registry is away: run what the node holds
      }
      podWaiting.put(container, new PodStatuses.Waiting("ErrImagePull",
          "Failed to pull image \"" + wanted + "\": " + e.getMessage()));
      return null;
    }
  }

  /** The kubelet's crash back-off before restart {@code attempt + 1}: none, then 10 s doubling up to 5 min. */
  static Duration backoff(int attempt) {
    if (attempt == 0) {
      return Duration.ZERO;
    }
    long seconds = 10L << Math.min(attempt - 1, 5);
    return Duration.ofSeconds(Math.min(seconds, MAX_BACKOFF.toSeconds()));
  }

  private void removeAll(List<ObservedContainer> containers) {
    List<ObservedContainer> ordered = new ArrayList<>(containers);
    ordered.sort((a, b) -> Boolean.compare(a.sandbox(), b.sandbox()));  // containers first, the sandbox last
    for (ObservedContainer c : ordered) {
      runtime.remove(c.id(), Math.min(c.gracePeriodSeconds(), 30));
    }
  }

  private static String name(JsonNode pod) {
    return pod.path("metadata").path("namespace").asText() + "/" + pod.path("metadata").path("name").asText();
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
