package io.slipway.engine.up;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.engine.host.CommandResult;
import io.slipway.engine.host.Host;
import io.slipway.engine.plan.Observed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A first up looks for a cluster CA on every node before it issues one: on all nodes at once
 * (each look here waits until every other has started), and a node holding one stops the run.
 */
class ExistingClusterTest {

  private static final int NODES = 7;

  @Test
  void everyNodeIsLookedAtAtOnceAndACaFoundStopsTheRun() {
    assertThatThrownBy(() -> ExistingCluster.refuseIfFound(hosts("node-5"), Observed.NOTHING,
        Path.of("cluster.slipwaystate"), 64)).isInstanceOf(ExistingCluster.StateLostException.class)
        .hasMessageContaining("nodes already run a cluster: node-5 (/etc/kubernetes/ssl/kube-ca.pem)");
  }

  @Test
  void newNodesLetTheRunGoOn() {
    assertThatCode(() -> ExistingCluster.refuseIfFound(hosts("none"), Observed.NOTHING,
        Path.of("cluster.slipwaystate"), 64)).doesNotThrowAnyException();
  }

  /** {@value #NODES} hosts, {@code withCa} holding a CA; each answers only once all have been asked. */
  private static Map<String, Host> hosts(String withCa) {
    CountDownLatch asked = new CountDownLatch(NODES);
    Map<String, Host> hosts = new LinkedHashMap<>();
    for (int i = 1; i <= NODES; i++) {
      String name = "node-" + i;
      hosts.put(name, new AnsweringHost(name, "10.0.0." + i) {
        @Override
        public CommandResult exec(String command, Duration timeout) {
          asked.countDown();
          try {
            if (!asked.await(30, TimeUnit.SECONDS)) {
              throw new IllegalStateException("the other nodes were never asked");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return new CommandResult(name.equals(withCa) ? 0 : 1, "", "");
        }
      });
    }
    return hosts;
  }
}
