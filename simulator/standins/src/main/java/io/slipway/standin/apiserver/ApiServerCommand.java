package io.slipway.standin.apiserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.engine.config.Cidr;
import io.slipway.standin.ComponentFlags;
import io.slipway.standin.KubeTime;
import io.slipway.standin.NodeClock;
import io.slipway.standin.Tls;
import io.slipway.standin.etcd.EtcdClient;
import io.slipway.engine.pki.TlsContexts;
import java.net.InetSocketAddress;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kube-apiserver} with the real one's flags (those it acts on are declared here). */
@Command(name = "kube-apiserver", mixinStandardHelpOptions = true, description = "Stand-in kube-apiserver.")
public final class ApiServerCommand extends ComponentFlags implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(ApiServerCommand.class);

  @Option(names = "--secure-port", defaultValue = "6443")
  int securePort;

  @Option(names = "--bind-address", defaultValue = "0.0.0.0")
  String bindAddress;

  @Option(names = "--advertise-address", defaultValue = "127.0.0.1")
  String advertiseAddress;

  @Option(names = "--tls-cert-file", required = true)
  Path tlsCertFile;

  @Option(names = "--tls-private-key-file", required = true)
  Path tlsPrivateKeyFile;

  @Option(names = "--client-ca-file", required = true)
  Path clientCaFile;

  @Option(names = "--etcd-servers", required = true, split = ",")
  URI[] etcdServers;

  @Option(names = "--etcd-cafile", required = true)
  Path etcdCaFile;

  @Option(names = "--etcd-certfile", required = true)
  Path etcdCertFile;

  @Option(names = "--etcd-keyfile", required = true)
  Path etcdKeyFile;

  @Option(names = "--etcd-prefix", defaultValue = "/registry")
  String etcdPrefix;

  @Option(names = "--service-cluster-ip-range", defaultValue = "10.0.0.0/24",
      description = "Where Services' cluster IPs come from (the real default is 10.0.0.0/24; RKE passes 10.43.0.0/16).")
  String serviceClusterIpRange;

  @Option(names = "--default-not-ready-toleration-seconds", defaultValue = "300")
  long notReadySeconds;

  @Option(names = "--default-unreachable-toleration-seconds", defaultValue = "300")
  long unreachableSeconds;

  @Option(names = "--kubelet-client-certificate", description = "What the apiserver presents to kubelets (logs).")
  Path kubeletClientCertificate;

  @Option(names = "--kubelet-client-key")
  Path kubeletClientKey;

  @Option(names = "--kubelet-certificate-authority",
      description = "CA of the kubelets' serving certificates; without it they are not verified, as the real apiserver.")
  Path kubeletCertificateAuthority;

  @Override
  public Integer call() throws Exception {
    logIgnored(LOG);
    if (!etcdPrefix.equals("/registry")) {
      LOG.warn("--etcd-prefix={} is not supported; objects are kept under /registry", etcdPrefix);
    }
    EtcdClient etcd = new EtcdClient(Arrays.asList(etcdServers), Tls.context(etcdCaFile, etcdCertFile, etcdKeyFile),
        Duration.ofSeconds(5));
    Cidr serviceRange = Cidr.parse(serviceClusterIpRange).orElseThrow(() -> new IllegalArgumentException(
        "--service-cluster-ip-range " + serviceClusterIpRange + " is not an IPv4 CIDR"));
    ObjectStore store = new ObjectStore(etcd, new ObjectMapper(), NodeClock.get(),
        new Admission(serviceRange, notReadySeconds, unreachableSeconds));
    try (ApiServer server = new ApiServer(new InetSocketAddress(bindAddress, securePort),
        Tls.context(clientCaFile, tlsCertFile, tlsPrivateKeyFile), store, KubeTime.version(),
        advertiseAddress + ":" + securePort, kubeletClient())) {
      server.start();
      bootstrapNamespaces(store);
      new CountDownLatch(1).await();  // serve until the process is stopped
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();  // stopped from within the JVM (tests): close and return
    }
    return 0;
  }

  /** The TLS context the apiserver calls kubelets with, when it has a kubelet client certificate. */
  private Optional<SSLContext> kubeletClient() {
    if (kubeletClientCertificate == null || kubeletClientKey == null) {
      return Optional.empty();
    }
    if (kubeletCertificateAuthority != null) {
      return Optional.of(Tls.context(kubeletCertificateAuthority, kubeletClientCertificate, kubeletClientKey));
    }
    return Optional.of(TlsContexts.presentingWithoutVerifying(Tls.identity(kubeletClientCertificate, kubeletClientKey)));
  }

  /** Creates default, kube-system, kube-public and kube-node-lease as soon as etcd takes writes. */
  private static void bootstrapNamespaces(ObjectStore store) {
    Thread bootstrap = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          store.ensureSystemNamespaces();
          store.ensureKubernetesService();
          return;
        } catch (RuntimeException e) {
          LOG.warn("system namespaces not created yet (etcd: {}); retrying", e.getMessage());
        }
        try {
          Thread.sleep(2000);  // retry period while etcd is unavailable
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "namespace-bootstrap");
    bootstrap.setDaemon(true);
    bootstrap.start();
  }

}
