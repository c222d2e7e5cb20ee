package io.slipway.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DiffTest {

  private final ContainerSpec kubelet = ContainerSpec.component("kubelet", "hyperkube:1", List.of("kubelet", "--v=2"),
      List.of(), List.of(), true, true);
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
  void aChangedFlagReplacesTheContainer() {
    ContainerSpec changed = ContainerSpec.component("kubelet", "hyperkube:1", List.of("kubelet", "--v=4"), List.of(),
        List.of(), true, true);
    assertThat(Diff.between(List.of(changed), List.of(ObservedContainer.runningFrom(kubelet))))
        .singleElement().isInstanceOf(ContainerChange.Replace.class)
        .satisfies(c -> assertThat(((ContainerChange.Replace) c).reason()).startsWith("spec changed"));
  }

  @Test
  void aStoppedContainerIsReplacedEvenWithTheSameSpec() {
    ObservedContainer stopped = new ObservedContainer("kubelet", "hyperkube:1", kubelet.hash(), false);
    assertThat(Diff.between(List.of(kubelet), List.of(stopped))).singleElement()
        .satisfies(c -> assertThat(((ContainerChange.Replace) c).reason()).isEqualTo("not running"));
  }

  @Test
  void managedContainersNoLongerWantedAreRemoved() {
    ObservedContainer old = ObservedContainer.runningFrom(proxy);
    assertThat(Diff.between(List.of(kubelet), List.of(ObservedContainer.runningFrom(kubelet), old)))
        .containsExactly(new ContainerChange.Keep(kubelet), new ContainerChange.Remove(old));
  }

  @Test
  void theHashIgnoresLabelsButNotImageOrCommand() {
    assertThat(kubelet.withLabels(java.util.Map.of("x", "y")).hash()).isEqualTo(kubelet.hash());
    assertThat(ContainerSpec.component("kubelet", "hyperkube:2", kubelet.command(), List.of(), List.of(), true, true)
        .hash()).isNotEqualTo(kubelet.hash());
  }
}
