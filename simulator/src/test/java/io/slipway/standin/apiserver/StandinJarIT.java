package io.slipway.standin.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.slipway.engine.Poll;
import io.slipway.engine.kubeconfig.Kubeconfig;
import io.slipway.engine.pki.CertificateRequest;
import io.slipway.simulator.LoopbackPorts;
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
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every stand-in started from the runnable jar, as the component image will start it, in its
 * own JVM limited to a 64 MiB heap. Start-up times are printed (measured, not asserted).
 */
class StandinJarIT {

  /** The stand-ins' runnable jar as the build put it among the components image's files. */
  private static final Path JAR = Path.of("target/classes/io/slipway/simulator/image/components/standin.jar");

  @TempDir
  Path dir;

  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopAll() {
    processes.forEach(Process::destroy);
  }

  @Test
  void everyComponentStartsFromTheJarWithin64MiBOfHeap() throws Exception {
    assertThat(JAR).as("the shaded jar is built in the package phase").exists();
    try (LocalEtcdCluster etcd = new LocalEtcdCluster(dir, 1)) {
      String etcdUrl = etcd.clientUrls().get(0).toString();
      var serving = etcd.ca().issue(CertificateRequest.server("kube-apiserver", List.of("localhost"),
          List.of("127.0.0.1")));
      Files.writeString(dir.resolve("apiserver.pem"), serving.certificatePem());
      Files.writeString(dir.resolve("apiserver-key.pem"), serving.privateKeyPem());
      var admin = etcd.ca().issue(CertificateRequest.client("kube-admin", "system:masters"));
      Files.writeString(dir.resolve("admin.pem"), admin.certificatePem());
      Files.writeString(dir.resolve("admin-key.pem"), admin.privateKeyPem());
      int apiPort = LoopbackPorts.free();
      Path kubeconfig = dir.resolve("kubeconfig");
      Files.writeString(kubeconfig, Kubeconfig.files("local", "admin", URI.create("https://127.0.0.1:" + apiPort),
          etcd.caFile().toString(), dir.resolve("admin.pem").toString(), dir.resolve("admin-key.pem").toString()).yaml());

      measure("kube-apiserver", () -> status("https://127.0.0.1:" + apiPort + "/readyz", etcd.caFile()) == 200,
          "--secure-port=" + apiPort, "--bind-address=127.0.0.1", "--tls-cert-file=" + dir.resolve("apiserver.pem"),
          "--tls-private-key-file=" + dir.resolve("apiserver-key.pem"), "--client-ca-file=" + etcd.caFile(),
          "--etcd-servers=" + etcdUrl, "--etcd-cafile=" + etcd.caFile(), "--etcd-certfile=" + etcd.clientCertFile(),
          "--etcd-keyfile=" + etcd.clientKeyFile(), "--allow-privileged=true");
      int cmPort = LoopbackPorts.free();
      measure("kube-controller-manager", () -> status("http://127.0.0.1:" + cmPort + "/healthz", null) == 200,
          "--kubeconfig=" + kubeconfig, "--port=" + cmPort, "--secure-port=0", "--leader-elect=true");
      int schedulerPort = LoopbackPorts.free();
      measure("kube-scheduler", () -> status("http://127.0.0.1:" + schedulerPort + "/healthz", null) == 200,
          "--kubeconfig=" + kubeconfig, "--port=" + schedulerPort, "--secure-port=0", "--leader-elect=true");
      int kubeletPort = LoopbackPorts.free();
      measure("kubelet", () -> status("http://127.0.0.1:" + kubeletPort + "/healthz", null) == 200,
          "--kubeconfig=" + kubeconfig, "--hostname-override=jar-node", "--node-ip=127.0.0.1",
          "--healthz-port=" + kubeletPort, "--node-status-update-frequency=1s");
      int proxyPort = LoopbackPorts.free();
      measure("kube-proxy", () -> status("http://127.0.0.1:" + proxyPort + "/healthz", null) == 200,
          "--kubeconfig=" + kubeconfig, "--healthz-bind-address=127.0.0.1:" + proxyPort);

      assertThat(Poll.until(Duration.ofSeconds(20), Duration.ofMillis(200), () -> nodeReady(etcd, apiPort)))
          .as("the jar's kubelet registered its node through the jar's apiserver").isTrue();
      assertThat(processes).as("every component still runs").allMatch(Process::isAlive);
    }
  }

  private void measure(String component, BooleanSupplier ready, String... flags) throws IOException {
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx64m", "-XX:+UseSerialGC", "-jar",
        JAR.toAbsolutePath().toString(), component));
    command.addAll(List.of(flags));
    long start = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve(component + ".log").toFile()).start();
    processes.add(process);
    boolean up = Poll.until(Duration.ofSeconds(30), Duration.ofMillis(20), ready);
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(up).as("%s answered within 30 s under -Xmx64m; log: %s", component, log(component)).isTrue();
    System.out.printf("MEASURED %s started from the jar (-Xmx64m) and answered in %.2f s%n", component, seconds);
  }

  private boolean nodeReady(LocalEtcdCluster etcd, int apiPort) {
    Config config = new ConfigBuilder()
        .withMasterUrl("https://127.0.0.1:" + apiPort).withCaCertFile(etcd.caFile().toString())
        .withClientCertFile(dir.resolve("admin.pem").toString()).withClientKeyFile(dir.resolve("admin-key.pem").toString())
        .withClientKeyAlgo("RSA").build();
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      var node = client.nodes().withName("jar-node").get();
      return node != null && node.getStatus().getConditions().stream()
          .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    }
  }

  private static int status(String url, Path ca) {
    try {
      HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1));
      if (ca != null) {
        builder.sslContext(Tls.context(ca, null, null));
      }
      return builder.build().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private String log(String component) {
    try {
      return Files.readAllLines(dir.resolve(component + ".log")).stream().collect(Collectors.joining("\n"));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

}
