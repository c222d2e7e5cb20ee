package io.slipway.standin.kubelet;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.standin.KubeTime;
import io.slipway.standin.client.KubeClient;
import io.slipway.standin.client.KubeClientException;
import io.slipway.standin.client.Wakeups;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stand-in kubelet's work: register the Node (capacity, allocatable, labels, taints,
 * addresses), renew its Lease in kube-node-lease every 10 s, post the Ready condition every
 * 10 s (False while its container runtime does not answer: the node's Docker engine, and
 * cri-dockerd from 1.24), and run the pods bound to it through that engine ({@link PodWorkers}).
 */
public final class Kubelet implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Kubelet.class);

  /** Everything the kubelet's flags say about its node. */
  public record NodeSettings(String name, String address, Map<String, String> labels, String taints,
      NodeResources capacity, NodeResources allocatable, String version, Duration statusPeriod, int apiPort) {
  }

  private final KubeClient client;
  private final NodeSettings node;
  private final RuntimeEndpoint runtime;
  private final DockerRuntime docker;
  private final PodWorkers pods;
  private final Clock clock;
  private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, r -> {
    Thread t = new Thread(r, "kubelet");
    t.setDaemon(true);
    return t;
  });
  private final AtomicBoolean registered = new AtomicBoolean();
  private final Wakeups wakeups = new Wakeups();
  private static final Duration RESYNC = Duration.ofSeconds(1);
  /** Until registered, the real kubelet tries again after 100 ms, doubling up to 7 s; then it reports every status period. */
  private static final Duration FIRST_REGISTRATION_RETRY = Duration.ofMillis(100);
  private static final Duration LAST_REGISTRATION_RETRY = Duration.ofSeconds(7);
  private Duration registrationRetry = FIRST_REGISTRATION_RETRY;

  Kubelet(KubeClient client, NodeSettings node, RuntimeEndpoint runtime, DockerRuntime docker, PodWorkers pods,
      Clock clock) {
    this.client = client;
    this.node = node;
    this.runtime = runtime;
    this.docker = docker;
    this.pods = pods;
    this.clock = clock;
  }

  public void start() {
    executor.execute(this::heartbeatAndNext);
    // pods are synced every second (the real kubelet relists its containers as often) and at once
    // when the API reports a change to a pod bound here or one of its containers exits; the pods
    // are listed from the API again only after the watch reported a change, or every ten seconds
    // (the real kubelet keeps them from its watch), else each kubelet's list every second would
    // be most of what an idle cluster's apiservers and etcd do
    wakeups.watching(client, "/api/v1/pods", "spec.nodeName=" + node.name());
    docker.onExit(wakeups::wake);
    executor.execute(() -> {
      while (wakeups.await(RESYNC)) {
        syncPods(wakeups.watchedChange());
      }
    });
  }

  /** Whether the node is registered and its last heartbeat went through. */
  public boolean healthy() {
    return registered.get();
  }

  /** A heartbeat, and the next one scheduled: a status period on, or sooner while the node is not registered. */
  private void heartbeatAndNext() {
    heartbeat();
    Duration next = node.statusPeriod();
    if (!registered.get()) {
      next = registrationRetry;
      Duration doubled = registrationRetry.multipliedBy(2);
      registrationRetry = doubled.compareTo(LAST_REGISTRATION_RETRY) < 0 ? doubled : LAST_REGISTRATION_RETRY;
    }
    try {
      executor.schedule(this::heartbeatAndNext, next.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // stopped
    }
  }

  private void heartbeat() {
    try {
      if (!registered.get()) {
        register();
      }
      renewLease();
      ObjectNode patch = client.json().createObjectNode();
      patch.putObject("status").set("conditions", conditions());
      client.strategicPatch("/api/v1/nodes/" + node.name() + "/status", patch);
      registered.set(true);
    } catch (KubeClientException e) {
      LOG.warn("node {}: heartbeat failed: {}", node.name(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("node {}: heartbeat failed", node.name(), e);
    }
  }

  private void register() {
    ObjectNode object = client.json().createObjectNode().put("apiVersion", "v1").put("kind", "Node");
    ObjectNode metadata = object.putObject("metadata").put("name", node.name());
    ObjectNode labels = metadata.putObject("labels");
    labels.put("kubernetes.io/hostname", node.name()).put("kubernetes.io/os", "linux")
        .put("kubernetes.io/arch", "amd64").put("beta.kubernetes.io/os", "linux").put("beta.kubernetes.io/arch", "amd64");
    node.labels().forEach(labels::put);
    if (node.taints() != null && !node.taints().isBlank()) {
      ArrayNode taints = object.putObject("spec").putArray("taints");
      for (String taint : node.taints().split(",")) {
        String[] keyValue = taint.split(":")[0].split("=", 2);
        taints.addObject().put("key", keyValue[0]).put("value", keyValue.length > 1 ? keyValue[1] : "")
            .put("effect", taint.contains(":") ? taint.substring(taint.indexOf(':') + 1) : "NoSchedule");
      }
    }
    ObjectNode status = object.putObject("status");
    status.set("capacity", resources(node.capacity()));
    status.set("allocatable", resources(node.allocatable()));
    status.set("conditions", conditions());
    ArrayNode addresses = status.putArray("addresses");
    addresses.addObject().put("type", "InternalIP").put("address", node.address());
    addresses.addObject().put("type", "Hostname").put("address", node.name());
    ObjectNode nodeInfo = status.putObject("nodeInfo").put("kubeletVersion", node.version())
        .put("kubeProxyVersion", node.version())
        .put("osImage", "Slipway stand-in node").put("operatingSystem", "linux").put("architecture", "amd64")
        .put("containerRuntimeVersion", "docker://20.10.24").put("kernelVersion", System.getProperty("os.version"))
        .put("machineID", "").put("systemUUID", "").put("bootID", "");
    ObjectNode endpoints = status.putObject("daemonEndpoints");
    endpoints.putObject("kubeletEndpoint").put("Port", node.apiPort());
    if (client.create("/api/v1/nodes", object).isEmpty()) {
      // Registered before (a restart, an upgrade): bring labels, capacity, allocatable and versions up to date.
      ObjectNode update = client.json().createObjectNode();
      update.putObject("metadata").set("labels", labels);
      client.mergePatch("/api/v1/nodes/" + node.name(), update);
      ObjectNode statusPatch = client.json().createObjectNode();
      statusPatch.putObject("status").set("capacity", resources(node.capacity()));
      statusPatch.with("status").set("allocatable", resources(node.allocatable()));
      statusPatch.with("status").set("nodeInfo", nodeInfo);
      statusPatch.with("status").set("daemonEndpoints", endpoints);
      client.mergePatch("/api/v1/nodes/" + node.name() + "/status", statusPatch);
    }
    LOG.info("node {} registered (allocatable cpu {}, memory {}, ephemeral-storage {})", node.name(),
        node.allocatable().cpuText(), node.allocatable().memoryText(), node.allocatable().ephemeralStorageText());
  }

  private void renewLease() {
    String path = "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/" + node.name();
    String now = KubeTime.micro(Instant.now(clock));
    var current = client.get(path);
    if (current.isEmpty()) {
      ObjectNode lease = client.json().createObjectNode().put("apiVersion", "coordination.k8s.io/v1").put("kind", "Lease");
      lease.putObject("metadata").put("name", node.name()).put("namespace", "kube-node-lease");
      lease.putObject("spec").put("holderIdentity", node.name()).put("leaseDurationSeconds", 40).put("renewTime", now);
      client.create("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases", lease);
    } else {
      ObjectNode lease = current.get();
      lease.with("spec").put("renewTime", now);
      client.update(path, lease);
    }
  }

  private void syncPods(boolean watchedChange) {
    try {
      if (registered.get()) {
        pods.sync(watchedChange);
      }
    } catch (RuntimeException e) {
      LOG.debug("node {}: pod sync failed: {}", node.name(), e.getMessage());
    }
  }

  private ArrayNode conditions() {
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    ArrayNode conditions = client.json().createArrayNode();
    Optional<String> runtimeDown = runtime.down().or(docker::down);
    conditions.addObject().put("type", "Ready").put("status", runtimeDown.isEmpty() ? "True" : "False")
        .put("reason", runtimeDown.isEmpty() ? "KubeletReady" : "KubeletNotReady")
        .put("message", runtimeDown.orElse("kubelet is posting ready status")).put("lastHeartbeatTime", now)
        .put("lastTransitionTime", now);
    for (String pressure : new String[] {"MemoryPressure", "DiskPressure", "PIDPressure"}) {
      conditions.addObject().put("type", pressure).put("status", "False").put("reason", "KubeletHasSufficient"
          + pressure.replace("Pressure", "")).put("lastHeartbeatTime", now).put("lastTransitionTime", now);
    }
    return conditions;
  }

  private ObjectNode resources(NodeResources r) {
    return client.json().createObjectNode().put("cpu", r.cpuText()).put("memory", r.memoryText())
        .put("ephemeral-storage", r.ephemeralStorageText()).put("pods", Integer.toString(r.pods()));
  }

  @Override
  public void close() {
    wakeups.close();
    executor.shutdownNow();
    pods.close();
  }
}
