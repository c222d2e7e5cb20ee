package io.slipway.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.Strictness;
import io.slipway.engine.plan.render.PlanJson;
import io.slipway.engine.state.ClusterState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The reference topology of docs/design.md (examples/reference-cluster.yml) plans to the containers RKE runs. */
class PlannerReferenceTopologyTest {

  private static final Path REFERENCE = Path.of("../examples/reference-cluster.yml");
  private final ConfigLoader.Loaded loaded = ConfigLoader.load(REFERENCE, Strictness.STRICT);
  private final Plan plan = Planner.plan(loaded.config(), ClusterState.EMPTY);
  private final Map<String, List<ContainerSpec>> containers = plan.containersByHost();

  @Test
  void eachHostRunsTheContainersOfItsRoles() {
    for (String master : List.of("master-1", "master-2", "master-3")) {
      assertThat(names(master)).as("containers on %s", master).containsExactly("etcd", "etcd-rolling-snapshots",
          "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubelet", "kube-proxy");
    }
    for (String worker : List.of("worker-1", "worker-2", "worker-3", "worker-4")) {
      assertThat(names(worker)).as("containers on %s", worker).containsExactly("nginx-proxy", "kubelet", "kube-proxy");
    }
    assertThat(containers.values().stream().flatMap(List::stream))
        .as("every container restarts always and uses host networking")
        .allSatisfy(c -> {
          assertThat(c.restartPolicy()).isEqualTo("always");
          assertThat(c.networkMode()).isEqualTo("host");
        });
  }

  @Test
  void etcdInitialClusterNamesAllThreeMembers() {
    String expected = "--initial-cluster=etcd-master-1=https://192.168.0.11:2380,etcd-master-2=https://192.168.0.12:2380,"
        + "etcd-master-3=https://192.168.0.13:2380";
    for (String master : List.of("master-1", "master-2", "master-3")) {
      assertThat(container(master, "etcd").command()).as("etcd on %s", master).contains(expected,
          "--initial-cluster-state=new", "--name=etcd-" + master);
    }
    assertThat(container("master-2", "etcd").command()).contains("--advertise-client-urls=https://192.168.0.12:2379",
        "--cert-file=/etc/kubernetes/ssl/kube-etcd-192-168-0-12.pem");
    assertThat(container("master-1", "etcd-rolling-snapshots").command())
        .as("snapshot interval and retention from services.etcd").contains("--creation=6h", "--retention=24h");
  }

  @Test
  void nginxProxyOnEveryWorkerNamesAllThreeApiservers() {
    for (String worker : List.of("worker-1", "worker-2", "worker-3", "worker-4")) {
      assertThat(container(worker, "nginx-proxy").env()).as("nginx-proxy on %s", worker)
          .contains("CP_HOSTS=192.168.0.11,192.168.0.12,192.168.0.13");
    }
  }

  @Test
  void apiserversTalkToEveryEtcdMemberAndSchedulersToTheirLocalApiserver() {
    assertThat(container("master-3", "kube-apiserver").command()).contains(
        "--etcd-servers=https://192.168.0.11:2379,https://192.168.0.12:2379,https://192.168.0.13:2379",
        "--advertise-address=192.168.0.13", "--secure-port=6443", "--service-cluster-ip-range=10.43.0.0/16");
    assertThat(plan.steps()).filteredOn(s -> s instanceof Step.WriteFile w
            && w.path().equals("/etc/kubernetes/ssl/kubecfg-kube-scheduler.yaml"))
        .hasSize(3).allSatisfy(s -> assertThat(((FileSource.Text) ((Step.WriteFile) s).source()).content())
            .contains("server: https://127.0.0.1:6443"));
  }

  @Test
  void kubeletsCarryTheReservationsOfTheWalkthrough() {
    assertThat(container("worker-4", "kubelet").command()).contains(
        "--kube-reserved=cpu=1,memory=2Gi,ephemeral-storage=1Gi",
        "--system-reserved=cpu=1,memory=1Gi,ephemeral-storage=1Gi",
        "--eviction-hard=memory.available<500Mi,nodefs.available<10%",
        "--enforce-node-allocatable=pods,kube-reserved,system-reserved",
        "--hostname-override=worker-4", "--node-ip=192.168.0.17", "--cluster-dns=10.43.0.10",
        "--node-labels=node-role.kubernetes.io/worker=true");
    assertThat(container("master-1", "kubelet").command()).as("masters are tainted: they have no worker role")
        .contains("--register-with-taints=node-role.kubernetes.io/controlplane=true:NoSchedule",
            "--node-labels=node-role.kubernetes.io/controlplane=true,node-role.kubernetes.io/etcd=true");
  }

  @Test
  void theControlPlaneWaitsForEtcdAndWorkersForTheControlPlane() {
    assertThat(plan.dependenciesOf(new StepId("master-2", "kube-apiserver"))).contains(Planner.ETCD_READY);
    assertThat(plan.dependenciesOf(new StepId("worker-1", "nginx-proxy"))).contains(Planner.CONTROLPLANE_READY);
    assertThat(plan.dependenciesOf(new StepId("master-3", "etcd"))).as("etcd members start one at a time")
        .contains(new StepId("master-2", "etcd"));
  }

  @Test
  void theSamePlanPrintsByteForByteTheSame() {
    Plan again = Planner.plan(ConfigLoader.load(REFERENCE, Strictness.STRICT).config(), ClusterState.EMPTY);
    assertThat(PlanJson.render(again)).isEqualTo(PlanJson.render(plan));
  }

  @Test
  void planningAgainstTheContainersItStartedChangesNothing() {
    containers.forEach((host, specs) -> assertThat(
        Diff.between(specs, specs.stream().map(ObservedContainer::runningFrom).toList()))
        .as("changes on %s", host).noneMatch(ContainerChange::isChange));
  }

  private List<String> names(String host) {
    return containers.get(host).stream().map(ContainerSpec::name).toList();
  }

  private ContainerSpec container(String host, String name) {
    Optional<ContainerSpec> spec = containers.get(host).stream().filter(c -> c.name().equals(name)).findFirst();
    assertThat(spec).as("%s on %s", name, host).isPresent();
    return spec.get();
  }
}
