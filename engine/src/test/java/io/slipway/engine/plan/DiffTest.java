package io.slipway.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DiffTest {

  private final ContainerSpec kubelet = ContainerSpec.component("kubelet", "hyperkube:1",
      List.of("kubelet", "--v=2", "--max-pods=110"), List.of("A=1"), List.of("/etc/kubernetes:/etc/kubernetes:z"),
      true, true);
  private final ContainerSpec proxy = ContainerSpec.component("kube-proxy", "hyperkube:1", List.of("kube-proxy"),
      List.of(), List.of(), true, true);

  @Test
  void missingContainersAreCreated() {
    assertThat(Diff.between(List.of(kubelet), List.of())).containsExactly(new ContainerChange.Create(kubelet));
  }

  @Test
  void runningContainersWithTheSameSpecAreKept() {
    assertThat(Diff.between(List.of(kubelet, proxy),
        List.of(ObservedContainer.runningFrom(proxy), ObservedContainer.runningFrom(kubelet))))
        .containsExactly(new ContainerChange.Keep(kubelet), new ContainerChange.Keep(proxy));
  }

  @Test
  void aChangedFlagReplacesTheContainerNamingTheFlag() {
    ContainerSpec changed = ContainerSpec.component("kubelet", "hyperkube:1", List.of("kubelet", "--v=2",
        "--max-pods=250"), kubelet.env(), kubelet.binds(), true, true);
    assertThat(Diff.between(List.of(changed), List.of(ObservedContainer.runningFrom(kubelet))))
        .singleElement().isInstanceOf(ContainerChange.Replace.class)
        .satisfies(c -> assertThat(c.reasons()).as("only the flag that differs is named")
            .containsExactly("args changed: --max-pods"));
  }

  @Test
  void aReplaceNamesTheImageTheEnvironmentTheCertificatesAndTheBinds() {
    ContainerSpec changed = ContainerSpec.component("kubelet", "hyperkube:2", kubelet.command(),
        List.of("A=2", Components.PKI_ENV + "=new"), List.of("/etc/kubernetes:/etc/kubernetes:ro,z"), true, true);
    ObservedContainer running = new ObservedContainer("kubelet", "id1", "hyperkube:1", kubelet.hash(), true,
        Optional.of(new ObservedContainer.Config(kubelet.command(), List.of("PATH=/bin", "A=1",
            Components.PKI_ENV + "=old"), List.of("/etc/kubernetes:/etc/kubernetes:rw,z"))));
    assertThat(Diff.of(changed, running).reasons()).containsExactly("image changed: hyperkube:1 -> hyperkube:2",
        "certificates changed", "env changed: A", "binds changed");
  }

  @Test
  void bindsDifferingOnlyInTheDefaultReadWriteModeAreTheSame() {
    ContainerSpec other = ContainerSpec.component("kubelet", "hyperkube:1", List.of("kubelet", "--v=3"), kubelet.env(),
        kubelet.binds(), true, true);
    ObservedContainer running = new ObservedContainer("kubelet", "id1", "hyperkube:1", kubelet.hash(), true,
        Optional.of(new ObservedContainer.Config(kubelet.command(), kubelet.env(),
            List.of("/etc/kubernetes:/etc/kubernetes:rw,z"))));
    assertThat(Diff.of(other, running).reasons()).containsExactly("args changed: --max-pods, --v");
  }

  @Test
  void flagsTheHashIgnoresAreNotNamedAsReasons() {
    ContainerSpec etcd = ContainerSpec.component("etcd", "etcd:1", List.of("etcd", "--initial-cluster=a", "--v=1"),
        List.of(), List.of(), false, false).withHashIgnoring(Set.of("initial-cluster"));
    ContainerSpec changed = ContainerSpec.component("etcd", "etcd:1", List.of("etcd", "--initial-cluster=a,b",
        "--v=2"), List.of(), List.of(), false, false).withHashIgnoring(Set.of("initial-cluster"));
    assertThat(Diff.of(changed.withHashIgnoring(Set.of("initial-cluster")), ObservedContainer.runningFrom(etcd))
        .reasons()).containsExactly("args changed: --v");
    ContainerSpec onlyBootstrap = ContainerSpec.component("etcd", "etcd:1", List.of("etcd", "--initial-cluster=a,b",
        "--v=1"), List.of(), List.of(), false, false).withHashIgnoring(Set.of("initial-cluster"));
    assertThat(Diff.of(onlyBootstrap, ObservedContainer.runningFrom(etcd)))
        .as("a change in bootstrap-only flags keeps the member").isEqualTo(new ContainerChange.Keep(onlyBootstrap));
  }

  @Test
  void aStoppedContainerWithTheSameSpecIsStarted() {
    ObservedContainer stopped = ObservedContainer.runningFrom(kubelet).stopped();
    assertThat(Diff.between(List.of(kubelet), List.of(stopped)))
        .containsExactly(new ContainerChange.Start(kubelet, stopped));
  }

  @Test
  void aContainerKnownOnlyByItsRecordedHashIsReplacedForAnUnnamedReason() {
    assertThat(Diff.of(kubelet, ObservedContainer.recorded("kubelet", "0000")).reasons()).singleElement()
        .asString().startsWith("spec changed (0000 -> ");
  }

  @Test
  void managedContainersNoLongerWantedAreRemoved() {
    ObservedContainer old = ObservedContainer.runningFrom(proxy);
    assertThat(Diff.between(List.of(kubelet), List.of(ObservedContainer.runningFrom(kubelet), old)))
        .containsExactly(new ContainerChange.Keep(kubelet), new ContainerChange.Remove(old));
  }

  @Test
  void eachChangeNamesExactlyTheOperationsThatCarryItOut() {
    List<String> done = new ArrayList<>();
    ContainerChange.Containers host = new ContainerChange.Containers() {
      @Override
      public void create(ContainerSpec spec) {
        done.add("create " + spec.name());
      }

      @Override
      public void start(ObservedContainer container) {
        done.add("start " + container.id());
      }

      @Override
      public void remove(ObservedContainer container) {
        done.add("remove " + container.id());
      }
    };
    ObservedContainer running = ObservedContainer.runningFrom(kubelet);
    new ContainerChange.Keep(kubelet).applyTo(host);
    assertThat(done).as("keep does nothing").isEmpty();
    new ContainerChange.Replace(kubelet, running, List.of("x")).applyTo(host);
    new ContainerChange.Start(kubelet, running).applyTo(host);
    new ContainerChange.Remove(running).applyTo(host);
    new ContainerChange.Create(kubelet).applyTo(host);
    assertThat(done).containsExactly("remove kubelet", "create kubelet", "start kubelet", "remove kubelet",
        "create kubelet");
  }

  @Test
  void theHashIgnoresLabelsButNotImageOrCommand() {
    assertThat(kubelet.withLabels(Map.of("x", "y")).hash()).isEqualTo(kubelet.hash());
    assertThat(ContainerSpec.component("kubelet", "hyperkube:2", kubelet.command(), List.of(), List.of(), true, true)
        .hash()).isNotEqualTo(kubelet.hash());
  }

  @Test
  void aContainerThatIsOnlyCreatedIsKeptStoppedAndOneThatRunsIsStarted() {
    ContainerSpec holder = ContainerSpec.volumeHolder("service-sidekick", "rke-tools:1", List.of("/bin/bash"),
        List.of("/opt/rke-tools"));
    ObservedContainer stopped = new ObservedContainer("service-sidekick", "id", "rke-tools:1",
        holder.labels().get(ContainerSpec.HASH_LABEL), false, java.util.Optional.empty());
    assertThat(Diff.of(holder, stopped).action()).isEqualTo(ContainerChange.Action.KEEP);
    ObservedContainer kubeletStopped = new ObservedContainer("kubelet", "id", "hyperkube:1",
        kubelet.labels().get(ContainerSpec.HASH_LABEL), false, java.util.Optional.empty());
    assertThat(Diff.of(kubelet, kubeletStopped).action()).isEqualTo(ContainerChange.Action.START);
    assertThat(kubelet.mountingVolumesOf(List.of("service-sidekick")).hash()).as("mounting volumes is part of the spec")
        .isNotEqualTo(kubelet.hash());
  }
}
