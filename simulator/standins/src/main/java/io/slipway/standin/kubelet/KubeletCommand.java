package io.slipway.standin.kubelet;

import io.slipway.engine.config.Durations;
import io.slipway.standin.ComponentFlags;
import io.slipway.standin.HealthServer;
import io.slipway.standin.KubeTime;
import io.slipway.standin.client.ApiAccess;
import io.slipway.standin.client.KubeClient;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kubelet} with the real one's flags (those it acts on are declared here). */
@Command(name = "kubelet", mixinStandardHelpOptions = true, description = "Stand-in kubelet.")
public final class KubeletCommand extends ComponentFlags implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(KubeletCommand.class);

  @Option(names = "--kubeconfig", required = true)
  Path kubeconfig;

  @Option(names = "--hostname-override")
  String hostnameOverride;

  @Option(names = "--node-ip", defaultValue = "127.0.0.1")
  String nodeIp;

  @Option(names = "--node-labels", defaultValue = "")
  String nodeLabels;

  @Option(names = "--register-with-taints", defaultValue = "")
  String taints;

  @Option(names = "--kube-reserved")
  String kubeReserved;

  @Option(names = "--system-reserved")
  String systemReserved;

  @Option(names = "--eviction-hard")
  String evictionHard;

  @Option(names = "--max-pods", defaultValue = "110")
  int maxPods;

  @Option(names = "--healthz-port", defaultValue = "10248")
  int healthzPort;

  @Option(names = "--healthz-bind-address", defaultValue = "127.0.0.1")
  String healthzBindAddress;

  @Option(names = "--node-status-update-frequency", defaultValue = "10s")
  String statusFrequency;

  @Option(names = "--container-runtime-endpoint", description = "cri-dockerd's socket (from 1.24); else dockerd.")
  String runtimeEndpoint;

  @Option(names = "--slipway-capacity-file", description = "Where the node's claimed capacity is (stand-in only).")
  Path capacityFile = NodeCapacity.DEFAULT_FILE;

  @Override
  public Integer call() throws Exception {
    logIgnored(LOG);
    String name = hostnameOverride != null ? hostnameOverride : InetAddress.getLocalHost().getHostName();
    NodeResources capacity = NodeCapacity.read(capacityFile, maxPods);
    NodeResources allocatable = Allocatable.of(capacity, kubeReserved, systemReserved, evictionHard);
    Map<String, String> labels = new LinkedHashMap<>();
    for (String label : nodeLabels.split(",")) {
      if (!label.isBlank()) {
        String[] kv = label.split("=", 2);
        labels.put(kv[0].trim(), kv.length > 1 ? kv[1].trim() : "");
      }
    }
    Kubelet.NodeSettings settings = new Kubelet.NodeSettings(name, nodeIp, labels, taints, capacity, allocatable,
        KubeTime.version(), Durations.parse(statusFrequency));
    try (Kubelet kubelet = new Kubelet(new KubeClient(ApiAccess.read(kubeconfig)), settings,
        RuntimeEndpoint.of(runtimeEndpoint), Clock.systemUTC());
         HealthServer health = HealthServer.http(healthzBindAddress, healthzPort, () -> true)) {
      kubelet.start();
      LOG.info("kubelet for node {} started; /healthz on {}:{}", name, healthzBindAddress, health.port());
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

}
