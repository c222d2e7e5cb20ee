package io.slipway.standin.kubelet;

import io.slipway.engine.config.Durations;
import io.slipway.standin.ComponentFlags;
import io.slipway.standin.HealthServer;
import io.slipway.standin.KubeTime;
import io.slipway.standin.NodeClock;
import io.slipway.standin.Tls;
import io.slipway.standin.client.ApiAccess;
import io.slipway.standin.client.KubeClient;
import io.slipway.engine.pki.IssuedCertificate;
import io.slipway.engine.pki.TlsContexts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import javax.net.ssl.SSLContext;
import java.nio.file.Path;
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

  @Option(names = "--docker-endpoint", defaultValue = "unix:///var/run/docker.sock",
      description = "The node's Docker engine, which runs the pods.")
  String dockerEndpoint;

  @Option(names = "--pod-infra-container-image", defaultValue = "k8s.gcr.io/pause:3.2")
  String podInfraContainerImage;

  @Option(names = "--address", defaultValue = "0.0.0.0", description = "Where the kubelet API listens.")
  String address;

  @Option(names = "--port", defaultValue = "10250", description = "The kubelet API's port (logs); 0 picks a free one.")
  int port;

  @Option(names = "--tls-cert-file", description = "Serving certificate; without it the kubelet makes itself one.")
  Path tlsCertFile;

  @Option(names = "--tls-private-key-file")
  Path tlsPrivateKeyFile;

  @Option(names = "--client-ca-file", description = "CA of the client certificates the kubelet API accepts.")
  Path clientCaFile;

  @Option(names = "--anonymous-auth", defaultValue = "true", arity = "1")
  boolean anonymousAuth;

  @Option(names = "--root-dir", defaultValue = "/var/lib/kubelet", description = "Where pods' volumes are set up.")
  Path rootDir;

  @Option(names = "--slipway-image-map-file", description = "Which image pods' images run as (stand-in only).")
  Path imageMapFile = ImageMap.DEFAULT_FILE;

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
    ApiAccess access = ApiAccess.read(kubeconfig);
    KubeClient client = new KubeClient(access);
    try (DockerRuntime docker = DockerRuntime.connect(dockerEndpoint, name);
         KubeletApi api = new KubeletApi(new InetSocketAddress(address, port), apiTls(name), clientCaFile != null,
             anonymousAuth, docker);
         PodWorkers pods = new PodWorkers(client, docker, ImageMap.read(imageMapFile), name, nodeIp,
             podInfraContainerImage, new Volumes(client, rootDir), access.server(), NodeClock.get());
         Kubelet kubelet = new Kubelet(client, new Kubelet.NodeSettings(name, nodeIp, labels, taints, capacity,
             allocatable, KubeTime.version(), Durations.parse(statusFrequency), api.port()),
             RuntimeEndpoint.of(runtimeEndpoint), docker, pods, NodeClock.get());
         HealthServer health = HealthServer.http(healthzBindAddress, healthzPort, () -> true)) {
      kubelet.start();
      LOG.info("kubelet for node {} started; pods run through {}; API on {}:{}; /healthz on {}:{}", name,
          dockerEndpoint, address, api.port(), healthzBindAddress, health.port());
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /**
   * The kubelet API's TLS: the given serving certificate, or one it makes itself (as the real
   * kubelet does without --tls-cert-file); client certificates verified against --client-ca-file.
   */
  private SSLContext apiTls(String name) {
    IssuedCertificate serving = tlsCertFile != null && tlsPrivateKeyFile != null
        ? Tls.identity(tlsCertFile, tlsPrivateKeyFile) : Tls.selfSigned(name, List.of(name), List.of(nodeIp));
    return clientCaFile != null ? TlsContexts.verifying(Tls.certificate(clientCaFile), serving, NodeClock.get())
        : TlsContexts.serving(serving);
  }


}
