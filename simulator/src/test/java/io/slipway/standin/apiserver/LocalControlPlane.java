package io.slipway.standin.apiserver;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.slipway.engine.Poll;
import io.slipway.engine.kubeconfig.Kubeconfig;
import io.slipway.engine.pki.CertificateRequest;
import io.slipway.engine.pki.IssuedCertificate;
import io.slipway.simulator.LoopbackPorts;
import io.slipway.simulator.Progress;
import io.slipway.simulator.image.ImageBuilder;
import io.slipway.simulator.image.SlipwayImage;
import io.slipway.standin.StandinMain;
import io.slipway.standin.Tls;
import io.slipway.standin.etcd.LocalEtcdCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;
import picocli.CommandLine;

/**
 * Test fixture: a real three-member etcd and stand-in apiservers started through their command
 * line, exactly as the engine will start them, with certificates from one cluster CA; kubelets
 * that run their pods in this machine's Docker engine, as the fleet's workload image, each
 * labelling what it runs with its node so that it keeps to its own, all removed on close.
 */
final class LocalControlPlane implements AutoCloseable {

  final LocalEtcdCluster etcd;
  final List<Integer> ports = new ArrayList<>();
  private final Path dir;
  private final ExecutorService servers = Executors.newCachedThreadPool();
  private final Set<String> kubelets = ConcurrentHashMap.newKeySet();
  private final Map<Integer, Path> kubeconfigs = new ConcurrentHashMap<>();
  private final AtomicReference<Path> kubeletImages = new AtomicReference<>();
  private static String workloadImage;

  LocalControlPlane(Path dir, int apiservers) {
    this(dir, apiservers, new String[0]);
  }

  /** As above, each apiserver also given {@code extra} flags. */
  LocalControlPlane(Path dir, int apiservers, String... extra) {
    this.dir = dir;
    this.etcd = new LocalEtcdCluster(dir, 3);
    IssuedCertificate serving = etcd.ca().issue(CertificateRequest.server("kube-apiserver",
        List.of("localhost", "kubernetes", "kubernetes.default"), List.of("127.0.0.1", "10.43.0.1")));
    write("apiserver.pem", serving.certificatePem());
    write("apiserver-key.pem", serving.privateKeyPem());
    IssuedCertificate admin = etcd.ca().issue(CertificateRequest.client("kube-admin", "system:masters"));
    write("admin.pem", admin.certificatePem());
    write("admin-key.pem", admin.privateKeyPem());
    String etcdServers = etcd.clientUrls().stream().map(URI::toString).collect(Collectors.joining(","));
    for (int i = 0; i < apiservers; i++) {
      int port = LoopbackPorts.free();
      ports.add(port);
      String[] args = {"kube-apiserver", "--secure-port=" + port, "--bind-address=127.0.0.1",
          "--advertise-address=127.0.0.1", "--tls-cert-file=" + file("apiserver.pem"),
          "--tls-private-key-file=" + file("apiserver-key.pem"), "--client-ca-file=" + etcd.caFile(),
          "--etcd-servers=" + etcdServers, "--etcd-cafile=" + etcd.caFile(), "--etcd-certfile=" + etcd.clientCertFile(),
          "--etcd-keyfile=" + etcd.clientKeyFile(), "--service-cluster-ip-range=10.43.0.0/16",
          "--allow-privileged=true", "--authorization-mode=Node,RBAC", "--profiling=false",
          "--kubelet-client-certificate=" + file("admin.pem"), "--kubelet-client-key=" + file("admin-key.pem")};
      String[] all = Stream.concat(Arrays.stream(args), Arrays.stream(extra)).toArray(String[]::new);
      servers.submit(() -> new CommandLine(new StandinMain()).setUnmatchedArgumentsAllowed(true).execute(all));
    }
    for (int port : ports) {
      if (!Poll.until(Duration.ofSeconds(20), Duration.ofMillis(100), () -> readyz(port) == 200)) {
        throw new IllegalStateException("apiserver on port " + port + " did not become ready");
      }
    }
  }

  /** Starts a stand-in component in this JVM through its command line; cancel the future to stop it. */
  Future<?> component(String... args) {
    return servers.submit(() -> new CommandLine(new StandinMain()).setUnmatchedArgumentsAllowed(true).execute(args));
  }

  /**
   * A stand-in kubelet in this JVM registering node {@code name} at {@code ip} (a loopback
   * address, where its API listens) through apiserver {@code apiserver}, with {@code capacity}
   * (lines of resource=quantity) and {@code extra} flags. Its pods run in this machine's Docker
   * engine as the workload image.
   */
  Future<?> kubelet(int apiserver, String name, String ip, String capacity, String... extra) {
    Path capacityFile = file(name + "-capacity", capacity);
    Path images = kubeletImages.updateAndGet(known -> known != null ? known
        : file("images", "default=" + workloadImage() + "\n"));
    kubelets.add(name);
    String[] base = {"kubelet", "--kubeconfig=" + kubeconfig(apiserver), "--hostname-override=" + name,
        "--node-ip=" + ip, "--healthz-port=0", "--node-status-update-frequency=1s",
        "--slipway-capacity-file=" + capacityFile, "--cluster-dns=10.43.0.10", "--cluster-domain=cluster.local",
        "--fail-swap-on=false", "--cgroups-per-qos=True", "--address=" + ip, "--port=0",
        "--client-ca-file=" + etcd.caFile(), "--anonymous-auth=false", "--slipway-image-map-file=" + images,
        "--pod-infra-container-image=" + workloadImage(), "--root-dir=" + dir.resolve(name + "-kubelet")};
    return component(Stream.concat(Arrays.stream(base), Arrays.stream(extra)).toArray(String[]::new));
  }

  Path file(String name, String content) {
    write(name, content);
    return dir.resolve(name);
  }

  KubernetesClient client(int index) {
    Config config = new ConfigBuilder().withMasterUrl("https://127.0.0.1:" + ports.get(index))
        .withCaCertFile(etcd.caFile().toString()).withClientCertFile(file("admin.pem"))
        .withClientKeyFile(file("admin-key.pem")).withClientKeyAlgo("RSA").withRequestTimeout(10_000)
        .withNamespace("default").build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** A kubeconfig for kubectl naming apiserver {@code index} and the admin certificate. */
  Path kubeconfig(int index) {
    // written once: a component started earlier may be reading it while the next one is started
    return kubeconfigs.computeIfAbsent(index, i -> file("kubeconfig-" + i, Kubeconfig.files("local", "admin",
        URI.create("https://127.0.0.1:" + ports.get(i)), etcd.caFile().toString(), file("admin.pem"),
        file("admin-key.pem")).yaml()));
  }

  /** {@code /readyz} of apiserver on {@code port}, trusting the CA but presenting no certificate. */
  int readyz(int port) {
    return anonymous(port, "/readyz");
  }

  int anonymous(int port, String path) {
    try {
      HttpClient http = HttpClient.newBuilder().sslContext(Tls.context(etcd.caFile(), null,
          null)).connectTimeout(Duration.ofSeconds(2)).build();
      return http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The fleet's workload image in this machine's engine, built on first use. */
  static synchronized String workloadImage() {
    if (workloadImage == null) {
      workloadImage = new ImageBuilder(DockerClientFactory.instance().client(), ImageBuilder.DEFAULT_BASE,
          Progress.silent()).ensure(SlipwayImage.WORKLOAD);
    }
    return workloadImage;
  }

  /** The containers the kubelet of {@code node} runs for its pods (sandboxes included), as Docker lists them. */
  static List<Container> containersOf(String node) {
    return DockerClientFactory.instance().client().listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of("io.slipway.node", node)).exec();
  }

  @Override
  public void close() {
    servers.shutdownNow();
    etcd.close();
    DockerClient docker = DockerClientFactory.instance().client();
    for (String node : kubelets) {
      for (Container c : containersOf(node)) {
        docker.removeContainerCmd(c.getId()).withForce(true).exec();
      }
    }
  }

  private String file(String name) {
    return dir.resolve(name).toString();
  }

  private void write(String name, String content) {
    try {
      Files.writeString(dir.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

}
