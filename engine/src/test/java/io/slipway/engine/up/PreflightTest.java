package io.slipway.engine.up;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.Strictness;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreflightTest {

  private static ClusterConfig config(String yaml) {
    return ConfigLoader.parse("cluster.yml", yaml, Strictness.LENIENT).config();
  }

  @Test
  void theReferenceTopologyChecksRkesPortsBetweenTheRolesThatUseThem() {
    ClusterConfig reference = ConfigLoader.load(Path.of("../examples/reference-cluster.yml"), Strictness.LENIENT)
        .config();
    List<Preflight.Pair> pairs = Preflight.pairs(reference);
    // etcd<->etcd 2379 and 2380: 3*2 each (cp->etcd 2379 is the same pairs here); cp->worker 10250: 3*4;
    // worker->cp 6443: 4*3
    assertThat(pairs).hasSize(6 + 6 + 12 + 12);
    assertThat(pairs).filteredOn(p -> p.need().port() == 2379).first()
        .satisfies(p -> assertThat(p.need().what()).isEqualTo("etcd client traffic and the apiserver's etcd traffic"));
    assertThat(pairs).anySatisfy(p -> {
      assertThat(p.from().hostname()).isEqualTo("worker-1");
      assertThat(p.to().hostname()).isEqualTo("master-2");
      assertThat(p.need().port()).isEqualTo(6443);
      assertThat(p.target()).isEqualTo("192.168.0.12");
    });
    assertThat(pairs).noneMatch(p -> p.from() == p.to());
  }

  @Test
  void portsAreTriedOnTheInternalAddress() {
    ClusterConfig config = config("""
        nodes:
          - {address: 1.2.3.4, internal_address: 10.0.0.1, user: u, role: [controlplane, etcd, worker]}
          - {address: 1.2.3.5, internal_address: 10.0.0.2, user: u, role: [worker]}
        """);
    assertThat(Preflight.pairs(config)).filteredOn(p -> p.need().port() == 10250).singleElement()
        .satisfies(p -> assertThat(p.target()).isEqualTo("10.0.0.2"));
  }

  @Test
  void swapMattersOnlyWhereTheKubeletIsToldToRefuseIt() {
    String nodes = "nodes: [{address: 1.2.3.4, user: u, role: [controlplane, etcd, worker]}]\n";
    assertThat(Preflight.refusesSwap(config(nodes))).as("RKE's default: fail_swap_on false").isFalse();
    assertThat(Preflight.refusesSwap(config(nodes + "services: {kubelet: {fail_swap_on: true}}\n"))).isTrue();
    assertThat(Preflight.refusesSwap(config(nodes
        + "services: {kubelet: {fail_swap_on: true, extra_args: {fail-swap-on: \"false\"}}}\n")))
        .as("extra_args win over the key").isFalse();
    assertThat(Preflight.refusesSwap(config(nodes + "services: {kubelet: {extra_args: {fail-swap-on: \"true\"}}}\n")))
        .isTrue();
  }
}
