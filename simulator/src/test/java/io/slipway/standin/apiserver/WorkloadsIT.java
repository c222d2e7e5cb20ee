package io.slipway.standin.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.slipway.engine.Poll;
import io.slipway.simulator.kubectl.Kubectl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands a user types first, and workloads, with the real kubectl (Debian's 1.20) against
 * stand-in apiservers on real etcd, a leading controller-manager, the scheduler and three
 * kubelets (one a tainted control-plane node): cluster-info, componentstatuses, api-versions;
 * a Deployment created, rolled out, scaled, updated, rolled back and deleted with everything it
 * made; a DaemonSet on every node it tolerates; a Service with a cluster IP and Endpoints;
 * {@code kubectl drain} evicting through the API and waiting on a PodDisruptionBudget; pods
 * leaving a node whose kubelet stopped, once their toleration of its taint runs out.
 */
class WorkloadsIT {

  private static final Duration ROLLOUT = Duration.ofSeconds(60);
  /** How long pods tolerate an unreachable node here (the apiserver's default is 300 s). */
  private static final Duration TOLERATION = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;

  static LocalControlPlane plane;

  @BeforeAll
  static void start() {
    plane = new LocalControlPlane(dir, 2, "--default-unreachable-toleration-seconds=" + TOLERATION.toSeconds());
    plane.kubelet(0, "master-1", "127.0.0.11", "cpu=8\nmemory=16Gi\nephemeral-storage=100Gi\n",
        "--node-labels=node-role.kubernetes.io/controlplane=true,node-role.kubernetes.io/etcd=true",
        "--register-with-taints=node-role.kubernetes.io/controlplane=true:NoSchedule");
    plane.kubelet(1, "worker-1", "127.0.0.21", "cpu=32\nmemory=64Gi\nephemeral-storage=100Gi\n",
        "--node-labels=node-role.kubernetes.io/worker=true");
    plane.kubelet(0, "worker-2", "127.0.0.22", "cpu=32\nmemory=64Gi\nephemeral-storage=100Gi\n",
        "--node-labels=node-role.kubernetes.io/worker=true");
    plane.component("kube-scheduler", "--kubeconfig=" + plane.kubeconfig(1), "--leader-elect=true", "--port=10251",
        "--secure-port=0", "--address=127.0.0.1");
    plane.component("kube-controller-manager", "--kubeconfig=" + plane.kubeconfig(0), "--leader-elect=true",
        "--port=10252", "--secure-port=0", "--address=127.0.0.1", "--node-monitor-grace-period=6s",
        "--node-monitor-period=1s");
    assertThat(Poll.until(Duration.ofSeconds(30), Duration.ofMillis(200),
        () -> kubectl("get", "nodes", "-o", "name").stdout().lines().count() == 3)).as("three nodes registered").isTrue();
  }

  @AfterAll
  static void stop() {
    if (plane != null) {
      plane.close();
    }
  }

  static Kubectl.Result kubectl(String... args) {
    try {
      return Kubectl.at(plane.kubeconfig(args.length % 2)).run(args);
    } catch (Exception e) {
      throw new IllegalStateException("kubectl " + String.join(" ", args), e);
    }
  }

  static Kubectl.Result ok(String... args) {
    Kubectl.Result result = kubectl(args);
    assertThat(result.exit()).as("kubectl %s\nstdout: %s\nstderr: %s", String.join(" ", args), result.stdout(),
        result.stderr()).isZero();
    return result;
  }

  static JsonNode json(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("-o", "json"));
    try {
      return JSON.readTree(ok(all.toArray(String[]::new)).stdout());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The images of the Running pods labelled {@code app=NAME}, one entry a pod. */
  static List<String> runningImages(String app) {
    List<String> images = new ArrayList<>();
    for (JsonNode pod : json("get", "pods", "-l", "app=" + app).path("items")) {
      if (pod.path("status").path("phase").asText().equals("Running")) {
        images.add(pod.path("spec").path("containers").path(0).path("image").asText());
      }
    }
    return images;
  }

  @Test
  void theFirstCommandsAUserTypesAnswer() {
    assertThat(ok("api-versions").stdout().lines()).contains("v1", "apps/v1", "coordination.k8s.io/v1");
    assertThat(ok("cluster-info").stdout().replaceAll("\u001B\\[[;\\d]*m", ""))
        .contains("Kubernetes control plane is running at https://127.0.0.1:");
    assertThat(ok("get", "service", "kubernetes").stdout()).containsPattern("kubernetes\\s+ClusterIP\\s+10\\.43\\.0\\.1\\s+");
    assertThat(Poll.until(Duration.ofSeconds(20), Duration.ofMillis(250), () -> {
      String table = kubectl("get", "componentstatuses").stdout();
      return table.lines().filter(line -> line.matches("(scheduler|controller-manager|etcd-[012])\\s+Healthy.*")).count()
          == 5;
    })).as("scheduler, controller-manager and three etcd members Healthy:\n%s", kubectl("get", "cs").stdout()).isTrue();
  }

  @Test
  void aDeploymentRollsOutScalesUpdatesRollsBackAndIsDeletedWithWhatItMade() {
    ok("create", "deployment", "web", "--image=nginx:1.14", "--replicas=3");
    ok("rollout", "status", "deployment/web", "--timeout=" + ROLLOUT.toSeconds() + "s");
    assertThat(runningImages("web")).containsExactly("nginx:1.14", "nginx:1.14", "nginx:1.14");
    for (JsonNode pod : json("get", "pods", "-l", "app=web").path("items")) {
      assertThat(pod.path("spec").path("nodeName").asText()).as("no pod on the tainted control-plane node")
          .startsWith("worker-");
    }
    assertThat(ok("get", "deployment", "web").stdout()).containsPattern("web\\s+3/3\\s+3\\s+3\\s+");

    ok("scale", "deployment", "web", "--replicas=5");
    assertThat(Poll.until(ROLLOUT, Duration.ofMillis(250), () -> runningImages("web").size() == 5)).isTrue();

    // 5 replicas, maxUnavailable 25% (rounded down: 1): at least 4 ready pods at every moment of the rollout
    ReadyPods ready = new ReadyPods("web");
    try (ready) {
      ok("set", "image", "deployment/web", "nginx=nginx:1.15");
      ok("rollout", "status", "deployment/web", "--timeout=" + ROLLOUT.toSeconds() + "s");
    }
    System.out.printf("MEASURED rolling update of 5 pods: fewest ready %d, most pods %d in %d samples%n",
        ready.fewest(), ready.most(), ready.samples());
    assertThat(ready.fewest()).as("never below replicas - maxUnavailable").isGreaterThanOrEqualTo(4);
    assertThat(ready.most()).as("never above replicas + maxSurge (2)").isLessThanOrEqualTo(7);
    assertThat(Poll.until(ROLLOUT, Duration.ofMillis(250),
        () -> runningImages("web").equals(List.of("nginx:1.15", "nginx:1.15", "nginx:1.15", "nginx:1.15", "nginx:1.15"))))
        .as("every pod on the new image: %s", runningImages("web")).isTrue();
    JsonNode replicaSets = json("get", "replicasets", "-l", "app=web");
    assertThat(replicaSets.path("items")).hasSize(2);

    ok("rollout", "undo", "deployment/web");
    ok("rollout", "status", "deployment/web", "--timeout=" + ROLLOUT.toSeconds() + "s");
    assertThat(Poll.until(ROLLOUT, Duration.ofMillis(250),
        () -> runningImages("web").equals(List.of("nginx:1.14", "nginx:1.14", "nginx:1.14", "nginx:1.14", "nginx:1.14"))))
        .as("back on the first image: %s", runningImages("web")).isTrue();
    assertThat(json("get", "deployment", "web").path("metadata").path("annotations")
        .path("deployment.kubernetes.io/revision").asText()).isEqualTo("3");
    assertThat(ok("rollout", "history", "deployment/web").stdout()).containsPattern("(?m)^2\\s").containsPattern("(?m)^3\\s");

    ok("expose", "deployment", "web", "--port=80", "--target-port=8080");
    String clusterIp = json("get", "service", "web").path("spec").path("clusterIP").asText();
    assertThat(clusterIp).startsWith("10.43.").isNotEqualTo("10.43.0.1");
    assertThat(Poll.until(Duration.ofSeconds(20), Duration.ofMillis(250), () -> kubectl("get", "endpoints", "web", "-o",
        "jsonpath={.subsets[0].addresses[*].ip}").stdout().split(" ").length == 5))
        .as("five pod addresses behind the service").isTrue();
    assertThat(json("get", "endpoints", "web").path("subsets").path(0).path("ports").path(0).path("port").asInt())
        .isEqualTo(8080);

    ok("delete", "deployment", "web");
    assertThat(Poll.until(Duration.ofSeconds(30), Duration.ofMillis(250),
        () -> json("get", "pods", "-l", "app=web").path("items").isEmpty()
            && json("get", "replicasets", "-l", "app=web").path("items").isEmpty()))
        .as("the deployment's replicasets and pods are collected").isTrue();
  }

  @Test
  void aDaemonSetRunsOnEveryNodeItToleratesAndRollsItsTemplate() throws IOException {
    Path manifest = dir.resolve("ds.yaml");
    Files.writeString(manifest, """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: agent, namespace: kube-system}
        spec:
          selector: {matchLabels: {app: agent}}
          template:
            metadata: {labels: {app: agent}}
            spec:
              containers: [{name: agent, image: "agent:1"}]
        """);
    ok("apply", "-f", manifest.toString());
    assertThat(Poll.until(ROLLOUT, Duration.ofMillis(250), () -> nodesOf("agent").equals(List.of("worker-1", "worker-2"))))
        .as("one pod on each worker, none on the tainted control-plane node: %s", nodesOf("agent")).isTrue();
    ok("rollout", "status", "daemonset/agent", "-n", "kube-system", "--timeout=" + ROLLOUT.toSeconds() + "s");

    Files.writeString(manifest, Files.readString(manifest).replace("containers:", """
        tolerations: [{key: node-role.kubernetes.io/controlplane, operator: Exists, effect: NoSchedule}]
              containers:""").replace("agent:1", "agent:2"));
    ok("apply", "-f", manifest.toString());
    ok("rollout", "status", "daemonset/agent", "-n", "kube-system", "--timeout=" + ROLLOUT.toSeconds() + "s");
    assertThat(Poll.until(ROLLOUT, Duration.ofMillis(250),
        () -> nodesOf("agent").equals(List.of("master-1", "worker-1", "worker-2"))))
        .as("tolerating the control-plane taint, on all three: %s", nodesOf("agent")).isTrue();
    assertThat(json("get", "pods", "-n", "kube-system", "-l", "app=agent").path("items").findValues("image"))
        .extracting(JsonNode::asText).containsOnly("agent:2");
  }

  @Test
  void kubectlDrainEvictsThroughTheApiAndWaitsOnTheDisruptionBudget() throws IOException {
    Path manifest = dir.resolve("api.yaml");
    Files.writeString(manifest, """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: default}
        spec:
          replicas: 4
          selector: {matchLabels: {app: api}}
          template:
            metadata: {labels: {app: api}}
            spec:
              containers: [{name: api, image: "api:1", resources: {requests: {cpu: "1"}}}]
        ---
        apiVersion: policy/v1beta1
        kind: PodDisruptionBudget
        metadata: {name: api, namespace: default}
        spec:
          minAvailable: 3
          selector: {matchLabels: {app: api}}
        """);
    ok("apply", "-f", manifest.toString());
    ok("rollout", "status", "deployment/api", "--timeout=" + ROLLOUT.toSeconds() + "s");
    assertThat(Poll.until(Duration.ofSeconds(20), Duration.ofMillis(250), () -> kubectl("get", "pdb", "api", "-o",
        "jsonpath={.status.disruptionsAllowed}").stdout().equals("1"))).as("one disruption allowed of 4 pods, 3 to keep")
        .isTrue();
    assertThat(podsOf("api", "worker-1")).as("requests spread the pods over both workers").isPositive();
    int onFirst = podsOf("api", "worker-1");

    Kubectl.Result drain = ok("drain", "worker-1", "--ignore-daemonsets", "--timeout=90s");
    assertThat(drain.stdout()).containsPattern("node/worker-1 (evicted|drained)");  // kubectl 1.20 says evicted
    if (onFirst > 1) {
      assertThat(drain.output()).as("the second eviction waited for the first pod's replacement to be ready")
          .contains("Cannot evict pod as it would violate the pod's disruption budget");
    }
    assertThat(podsOf("api", "worker-1")).isZero();
    assertThat(Poll.until(ROLLOUT, Duration.ofMillis(250), () -> podsOf("api", "worker-2") == 4))
        .as("all four pods again, on the other worker").isTrue();
    assertThat(ok("get", "node", "worker-1").stdout()).contains("Ready,SchedulingDisabled");
    ok("uncordon", "worker-1");
    ok("delete", "-f", manifest.toString());
  }

  @Test
  void podsLeaveANodeThatStopsAnsweringOnceTheirTolerationRunsOutAndItIsUntaintedWhenBack() throws Exception {
    Future<?> kubelet = plane.kubelet(1, "worker-3", "127.0.0.23", "cpu=32\nmemory=64Gi\nephemeral-storage=100Gi\n",
        "--node-labels=node-role.kubernetes.io/worker=true");
    try {
      // kubectl, not ok(): until the kubelet has registered, the node is NotFound
      assertThat(Poll.until(Duration.ofSeconds(20), Duration.ofMillis(250),
          () -> kubectl("get", "node", "worker-3").stdout().contains(" Ready "))).isTrue();
      Path manifest = dir.resolve("spread.yaml");
      Files.writeString(manifest, """
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: spread, namespace: default}
          spec:
            replicas: 3
            selector: {matchLabels: {app: spread}}
            template:
              metadata: {labels: {app: spread}}
              spec:
                containers: [{name: spread, image: "spread:1", resources: {requests: {cpu: "9"}}}]
          """);
      ok("apply", "-f", manifest.toString());
      ok("rollout", "status", "deployment/spread", "--timeout=" + ROLLOUT.toSeconds() + "s");
      assertThat(Poll.until(Duration.ofSeconds(20), Duration.ofMillis(250), () -> podsOf("spread", "worker-3") == 1))
          .as("the most free CPU first puts one pod on the new node").isTrue();
      assertThat(json("get", "pods", "-l", "app=spread").path("items").findValues("tolerations").get(0).toString())
          .as("the apiserver's default toleration").contains("node.kubernetes.io/unreachable")
          .contains("\"tolerationSeconds\":" + TOLERATION.toSeconds());

      kubelet.cancel(true);
      long stopped = System.nanoTime();
      assertThat(Poll.until(Duration.ofSeconds(60), Duration.ofMillis(250), () -> podsOf("spread", "worker-3") == 0
          && podsOf("spread", "worker-1") + podsOf("spread", "worker-2") == 3))
          .as("the pod left worker-3 and was replaced elsewhere").isTrue();
      System.out.printf("MEASURED pod replaced %.1f s after its node's kubelet stopped (grace 6 s + toleration %d s)%n",
          (System.nanoTime() - stopped) / 1e9, TOLERATION.toSeconds());
      assertThat(json("get", "node", "worker-3").path("spec").path("taints").toString())
          .contains("node.kubernetes.io/unreachable").contains("NoExecute");

      kubelet = plane.kubelet(1, "worker-3", "127.0.0.23", "cpu=32\nmemory=64Gi\nephemeral-storage=100Gi\n",
          "--node-labels=node-role.kubernetes.io/worker=true");
      assertThat(Poll.until(Duration.ofSeconds(30), Duration.ofMillis(250),
          () -> !json("get", "node", "worker-3").path("spec").path("taints").toString().contains("unreachable")))
          .as("untainted once Ready again").isTrue();
      ok("delete", "-f", manifest.toString());
    } finally {
      kubelet.cancel(true);
      // gone for good: no pod of a later test may be placed on it in the seconds before it turns NotReady
      kubectl("delete", "node", "worker-3");
    }
  }

  /** Samples, every 50 ms until closed, how many pods labelled {@code app=NAME} exist and how many are ready. */
  static final class ReadyPods implements AutoCloseable {
    private final KubernetesClient client = plane.client(1);
    private final AtomicInteger fewest = new AtomicInteger(Integer.MAX_VALUE);
    private final AtomicInteger most = new AtomicInteger();
    private final AtomicInteger samples = new AtomicInteger();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

    ReadyPods(String app) {
      sampler.scheduleWithFixedDelay(() -> {
        List<Pod> pods = client.pods().inNamespace("default").withLabel("app", app).list().getItems();
        long ready = pods.stream().filter(pod -> pod.getStatus() != null && pod.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"))).count();
        fewest.accumulateAndGet((int) ready, Math::min);
        most.accumulateAndGet(pods.size(), Math::max);
        samples.incrementAndGet();
      }, 0, 50, TimeUnit.MILLISECONDS);
    }

    int fewest() {
      return fewest.get();
    }

    int most() {
      return most.get();
    }

    int samples() {
      return samples.get();
    }

    @Override
    public void close() {
      sampler.shutdownNow();
      client.close();
    }
  }

  /** How many Running pods labelled {@code app=NAME} in default are on {@code node}. */
  private static int podsOf(String app, String node) {
    int count = 0;
    for (JsonNode pod : json("get", "pods", "-l", "app=" + app).path("items")) {
      count += pod.path("status").path("phase").asText().equals("Running")
          && pod.path("spec").path("nodeName").asText().equals(node) ? 1 : 0;
    }
    return count;
  }

  /** The nodes of the Running pods labelled {@code app=NAME} in kube-system, sorted. */
  private static List<String> nodesOf(String app) {
    List<String> nodes = new ArrayList<>();
    for (JsonNode pod : json("get", "pods", "-n", "kube-system", "-l", "app=" + app).path("items")) {
      if (pod.path("status").path("phase").asText().equals("Running")) {
        nodes.add(pod.path("spec").path("nodeName").asText());
      }
    }
    return nodes.stream().sorted().toList();
  }
}
