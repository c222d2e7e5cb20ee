package io.slipway.standin;

import io.slipway.standin.client.ApiAccess;
import io.slipway.standin.client.KubeClient;
import io.slipway.standin.client.Wakeups;
import io.slipway.standin.election.LeaderElector;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What the controller-manager and the scheduler share: a kubeconfig, leader election through a
 * Lease named after the component, /healthz on the insecure and secure ports, and control loops
 * that run only while leading. A component that loses the lease and wins it back starts over
 * from what it sees then ({@link Loop#elected}), as the real ones do: they exit on losing it and
 * dockerd restarts them.
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

  /**
   * What a control loop watches: objects at {@code path}, those matching {@code fieldSelector}
   * (null: all); an event of a type in {@code wakesOn} runs the loop.
   */
  public record Watched(String path, String fieldSelector, Set<String> wakesOn) {

    public static final Set<String> EVERY_EVENT = Set.of("ADDED", "MODIFIED", "DELETED");

    public Watched(String path, String fieldSelector) {
      this(path, fieldSelector, EVERY_EVENT);
    }
  }

  /**
   * One control loop of a component: {@code sync} at the latest every {@code period} and at once
   * when a watch of one of {@code watched} reports a change; {@code elected} before its first run
   * after the lease was won (it forgets what the loop observed before).
   */
  public record Loop(String name, Duration period, List<Watched> watched, Consumer<KubeClient> sync,
      Runnable elected) {

    public Loop(String name, Duration period, List<Watched> watched, Consumer<KubeClient> sync) {
      this(name, period, watched, sync, () -> { });
    }
  }

  /**
   * Runs the component until the process is stopped: each of {@code loops} on a thread of its
   * own, while leading, so one loop's long pass never delays another's reaction (as the real
   * components run each controller on its own).
   */
  protected int run(Logger log, String component, int insecurePort, int securePort, List<Loop> loops) {
    logIgnored(log);
    KubeClient client = new KubeClient(ApiAccess.read(kubeconfig));
    String identity = hostname() + "_" + UUID.randomUUID();
    LeaderElector elector = new LeaderElector(client, component, identity, election.timing(), NodeClock.get());
    BooleanSupplier leading = election.enabled ? elector::isLeader : () -> true;
    List<Thread> threads = new ArrayList<>();
    List<Wakeups> wakeups = new ArrayList<>();
    try (HealthServer insecure = insecurePort > 0 ? HealthServer.http(address, insecurePort, () -> true) : null;
         HealthServer secure = securePort > 0 ? HealthServer.https(bindAddress, securePort, component, () -> true) : null) {
      if (election.enabled) {
        elector.start();
      }
      for (Loop loop : loops) {
        Wakeups wakeup = new Wakeups();
        wakeups.add(wakeup);
        loop.watched().forEach(w -> wakeup.watching(client, w.path(), w.fieldSelector(), w.wakesOn()::contains));
        Thread thread = new Thread(() -> runWhileLeading(log, component, loop, wakeup, leading, client),
            loop.name() + " loop");
        threads.add(thread);
        thread.start();
      }
      log.info("{} {} started (leader election {})", component, identity, election.enabled ? "on" : "off");
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      wakeups.forEach(Wakeups::close);
      threads.forEach(Thread::interrupt);
      elector.close();
    }
    return 0;
  }

  private static void runWhileLeading(Logger log, String component, Loop loop, Wakeups wakeups,
      BooleanSupplier leading, KubeClient client) {
    boolean led = false;
    while (wakeups.await(loop.period())) {
      boolean leads = leading.getAsBoolean();
      if (leads && !led) {
        loop.elected().run();
      }
      led = leads;
      if (leads) {
        try {
          loop.sync().accept(client);
        } catch (RuntimeException e) {
          log.warn("{} {} loop failed: {}", component, loop.name(), e.getMessage());
        }
      }
    }
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
