package io.slipway.standin.proxy;

import io.slipway.standin.ComponentFlags;
import io.slipway.standin.HealthServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kube-proxy}: serves /healthz on 10256 (or {@code --healthz-bind-address host:port}). */
@Command(name = "kube-proxy", mixinStandardHelpOptions = true, description = "Stand-in kube-proxy.")
public final class KubeProxyCommand extends ComponentFlags implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(KubeProxyCommand.class);

  @Option(names = "--kubeconfig")
  Path kubeconfig;

  @Option(names = "--healthz-bind-address", defaultValue = "0.0.0.0:10256")
  String healthz;

  @Override
  public Integer call() {
    logIgnored(LOG);
    int colon = healthz.lastIndexOf(':');
    String host = colon < 0 ? healthz : healthz.substring(0, colon);
    int port = colon < 0 ? 10256 : Integer.parseInt(healthz.substring(colon + 1));
    try (HealthServer health = HealthServer.http(host, port, () -> true)) {
      LOG.info("kube-proxy /healthz on {}:{}", host, health.port());
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
