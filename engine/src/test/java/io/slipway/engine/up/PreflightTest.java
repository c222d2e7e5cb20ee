package io.slipway.engine.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.NodeConfig;
import io.slipway.engine.config.Strictness;
import io.slipway.engine.host.Host;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

  /**
   * The port checks wait on SSH round trips: they are all in flight at once (each waits here
   * until every other has started), not one at a time on the common pool's one thread of a
   * two-core machine; a blocked pair is reported with its fix.
   */
  @Test
  void everyPortCheckIsInFlightAtOnceAndABlockedPairIsReported() {
    ClusterConfig reference = ConfigLoader.load(Path.of("../examples/reference-cluster.yml"), Strictness.LENIENT)
        .config();
    int checks = Preflight.pairs(reference).size();
    CountDownLatch started = new CountDownLatch(checks);
    Map<String, Host> hosts = new HashMap<>();
    for (NodeConfig node : reference.nodes()) {
      hosts.put(node.hostname(), new AnsweringHost(node.hostname(), node.address()) {
        @Override
        public Reach reach(String address, int port, Duration timeout) {
          started.countDown();
          try {
            if (!started.await(30, TimeUnit.SECONDS)) {
              return Reach.blocked("the other checks never started");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return port == 10250 && address.equals("192.168.0.14") && name().equals("master-2")
              ? Reach.blocked("no answer within 5 s") : Reach.through("nothing listens yet");
        }
      });
    }
    assertThatThrownBy(() -> Preflight.run(reference, hosts, true, 64)).hasMessageContaining("1 node checks failed")
        .hasMessageContaining("master-2 cannot reach worker-1 (192.168.0.14) on TCP 10250, the apiserver to the "
            + "kubelet: no answer within 5 s")
        .hasMessageContaining("fix: open TCP 10250 from master-2 to worker-1");
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
