package io.slipway.standin;

import io.slipway.standin.client.ApiAccess;
import io.slipway.standin.client.KubeClient;
import io.slipway.standin.election.LeaderElector;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What the controller-manager and the scheduler share: a kubeconfig, leader election through a
 * Lease named after the component, /healthz on the insecure and secure ports, and one control
 * loop that runs only while leading.
 */
public abstract class ControlLoopCommand extends ComponentFlags {

  @Option(names = "--kubeconfig", required = true)
  protected Path kubeconfig;

  @Mixin
  protected LeaderElectionFlags election = new LeaderElectionFlags();

  @Option(names = {"--address"}, defaultValue = "127.0.0.1", description = "Bind address of the insecure port.")
  protected String address;

  @Option(names = {"--bind-address"}, defaultValue = "0.0.0.0", description = "Bind address of the secure port.")
  protected String bindAddress;

  /** Runs the component until the process is stopped. */
  protected int run(Logger log, String component, int insecurePort, int securePort, Duration period,
      Consumer<KubeClient> loop) {
    logIgnored(log);
    KubeClient client = new KubeClient(ApiAccess.read(kubeconfig));
    String identity = hostname() + "_" + UUID.randomUUID();
    LeaderElector elector = new LeaderElector(client, component, identity, election.timing(), Clock.systemUTC());
    BooleanSupplier leading = election.enabled ? elector::isLeader : () -> true;
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    try (HealthServer insecure = insecurePort > 0 ? HealthServer.http(address, insecurePort, () -> true) : null;
         HealthServer secure = securePort > 0 ? HealthServer.https(bindAddress, securePort, component, () -> true) : null) {
      if (election.enabled) {
        elector.start();
      }
      executor.scheduleWithFixedDelay(() -> {
        if (leading.getAsBoolean()) {
          try {
            loop.accept(client);
          } catch (RuntimeException e) {
            log.warn("{} loop failed: {}", component, e.getMessage());
          }
        }
      }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
      log.info("{} {} started (leader election {})", component, identity, election.enabled ? "on" : "off");
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      executor.shutdownNow();
      elector.close();
    }
    return 0;
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
