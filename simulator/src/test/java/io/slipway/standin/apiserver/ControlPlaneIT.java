package io.slipway.standin.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.slipway.simulator.kubectl.Kubectl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubelets, controller-managers and a scheduler (all stand-ins, started through their command
 * lines) on stand-in apiservers over real etcd, observed with kubectl and fabric8.
 * Lease and grace periods are shortened through the real components' own flags.
 */
class ControlPlaneIT {

  @TempDir
  static Path dir;

  static LocalControlPlane plane;
  static Future<?> masterKubelet;
  static Future<?> workerKubelet;

  @BeforeAll
  static void start() {
    plane = new LocalControlPlane(dir, 3);
    masterKubelet = kubelet(0, "master-1", "127.0.0.11", "cpu=8\nmemory=16Gi\nephemeral-storage=100Gi\n",
        "--node-labels=node-role.kubernetes.io/controlplane=true,node-role.kubernetes.io/etcd=true",
        "--register-with-taints=node-role.kubernetes.io/controlplane=true:NoSchedule");
    workerKubelet = kubelet(1, "worker-1", "127.0.0.21", "cpu=32\nmemory=64Gi\nephemeral-storage=100Gi\n",
        "--node-labels=node-role.kubernetes.io/worker=true", "--kube-reserved=cpu=1,memory=2Gi,ephemeral-storage=1Gi",
        "--system-reserved=cpu=1,memory=1Gi,ephemeral-storage=1Gi",
        "--eviction-hard=memory.available<500Mi,nodefs.available<10%");
    plane.component("kube-scheduler", "--kubeconfig=" + plane.kubeconfig(2), "--leader-elect=true", "--port=0",
        "--secure-port=0", "--address=127.0.0.1", "--profiling=false", "--v=2");
  }

  @AfterAll
  static void stop() {
    if (plane != null) {
      plane.close();
    }
  }

  static Future<?> kubelet(int apiserver, String name, String ip, String capacity, String... extra) {
    return plane.kubelet(apiserver, name, ip, capacity, extra);
  }

  @Test
  void kubectlShowsNodesReadyWithTheirRolesAndTheKubeletsAllocatable() throws Exception {
    await().atMost(Duration.ofSeconds(20)).until(() ->
        Kubectl.at(plane.kubeconfig(0)).run("get", "nodes").stdout().lines().filter(l -> l.contains(" Ready ")).count() >= 2);
    String table = Kubectl.at(plane.kubeconfig(0)).run("get", "nodes").stdout();
    assertThat(table).containsPattern("master-1\\s+Ready\\s+controlplane,etcd\\s+\\S+\\s+v1\\.13\\.5")
        .containsPattern("worker-1\\s+Ready\\s+worker\\s+");
    try (KubernetesClient client = plane.client(1)) {
      Node worker = client.nodes().withName("worker-1").get();
      assertThat(worker.getStatus().getAllocatable()).as("32 CPU / 64Gi / 100Gi minus the walkthrough's reservations")
          .containsEntry("cpu", new Quantity("30")).containsEntry("memory", new Quantity("63451136Ki"))
          .containsEntry("ephemeral-storage", new Quantity("94489280512"));
      assertThat(client.leases().inNamespace("kube-node-lease").withName("worker-1").get()).as("node lease").isNotNull();
    }
  }

  @Test
  void leadershipMovesWhenTheLeadingControllerManagerStops() {
    String[] flags = {"--leader-elect=true", "--leader-elect-lease-duration=4s", "--leader-elect-renew-deadline=3s",
        "--leader-elect-retry-period=1s", "--node-monitor-grace-period=6s", "--node-monitor-period=1s", "--port=0",
        "--secure-port=0"};
    Future<?> first = plane.component(concat("kube-controller-manager", "--kubeconfig=" + plane.kubeconfig(0), flags));
    try (KubernetesClient client = plane.client(2)) {
      await().atMost(Duration.ofSeconds(15)).until(() -> holder(client) != null);
      String firstLeader = holder(client);
      Future<?> second = plane.component(concat("kube-controller-manager", "--kubeconfig=" + plane.kubeconfig(1), flags));
      try {
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> firstLeader.equals(holder(client)));
        long stopped = System.nanoTime();
        first.cancel(true);
        await().atMost(Duration.ofSeconds(20)).until(() -> holder(client) != null && !firstLeader.equals(holder(client)));
        System.out.printf("MEASURED controller-manager leadership moved %.1f s after the leader stopped "
            + "(lease 4 s, retry 1 s)%n", (System.nanoTime() - stopped) / 1e9);
      } finally {
        second.cancel(true);
      }
    } finally {
      first.cancel(true);
    }
  }

  @Test
  void aStoppedKubeletsNodeGoesNotReadyAfterTheGracePeriodAndReadyWhenItReturns() throws Exception {
    String[] flags = {"--leader-elect=false", "--node-monitor-grace-period=6s", "--node-monitor-period=1s", "--port=0",
        "--secure-port=0"};
    Future<?> controllerManager = plane.component(concat("kube-controller-manager", "--kubeconfig=" + plane.kubeconfig(0),
        flags));
    Future<?> kubelet = kubelet(2, "worker-9", "127.0.0.29", "cpu=2\nmemory=4Gi\nephemeral-storage=20Gi\n",
        "--node-labels=node-role.kubernetes.io/worker=true");
    try (KubernetesClient client = plane.client(0)) {
      await().atMost(Duration.ofSeconds(20)).until(() -> ready(client, "worker-9").equals("True"));
      kubelet.cancel(true);
      long stopped = System.nanoTime();
      await().atMost(Duration.ofSeconds(30)).until(() -> ready(client, "worker-9").equals("Unknown"));
      System.out.printf("MEASURED node NotReady %.1f s after its kubelet stopped (grace period 6 s)%n",
          (System.nanoTime() - stopped) / 1e9);
      assertThat(Kubectl.at(plane.kubeconfig(1)).run("get", "node", "worker-9").stdout()).containsPattern("worker-9\\s+NotReady");
      kubelet = kubelet(2, "worker-9", "127.0.0.29", "cpu=2\nmemory=4Gi\nephemeral-storage=20Gi\n",
          "--node-labels=node-role.kubernetes.io/worker=true");
      await().atMost(Duration.ofSeconds(20)).until(() -> ready(client, "worker-9").equals("True"));
    } finally {
      kubelet.cancel(true);
      controllerManager.cancel(true);
    }
  }

  @Test
  void aPodTooBigForEveryNodeStaysPendingUntilANodeWithRoomRegisters() {
    try (KubernetesClient client = plane.client(0)) {
      client.pods().resource(new PodBuilder().withNewMetadata().withName("huge").endMetadata().withNewSpec()
          .addNewContainer().withName("app").withImage("registry/app:1").withNewResources()
          .withRequests(Map.of("cpu", new Quantity("100"))).endResources().endContainer().endSpec().build()).create();
      await().atMost(Duration.ofSeconds(20)).until(() -> client.v1().events().inNamespace("default").list().getItems()
          .stream().anyMatch(e -> e.getReason().equals("FailedScheduling") && e.getInvolvedObject().getName().equals("huge")));
      assertThat(client.v1().events().inNamespace("default").withName("huge.failedscheduling").get().getMessage())
          .contains("Insufficient cpu").contains("node(s) had taints that the pod didn't tolerate");
      assertThat(client.pods().withName("huge").get().getStatus().getPhase()).isEqualTo("Pending");

      Future<?> big = kubelet(0, "big-1", "127.0.0.31", "cpu=128\nmemory=256Gi\nephemeral-storage=500Gi\n",
          "--node-labels=node-role.kubernetes.io/worker=true");
      try {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
          Pod pod = client.pods().withName("huge").get();
          return "big-1".equals(pod.getSpec().getNodeName()) && "Running".equals(pod.getStatus().getPhase());
        });
      } finally {
        big.cancel(true);
      }
    }
  }

  private static String holder(KubernetesClient client) {
    Lease lease = client.leases().inNamespace("kube-system").withName("kube-controller-manager").get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  private static String ready(KubernetesClient client, String node) {
    Node n = client.nodes().withName(node).get();
    if (n == null || n.getStatus() == null) {
      return "";
    }
    return n.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready")).map(c -> c.getStatus())
        .findFirst().orElse("");
  }

  private static String[] concat(String first, String second, String... rest) {
    String[] all = new String[rest.length + 2];
    all[0] = first;
    all[1] = second;
    System.arraycopy(rest, 0, all, 2, rest.length);
    return all;
  }
}
