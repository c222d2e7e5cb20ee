package io.slipway.scenarios.probe;

import io.slipway.scenarios.history.History;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs probes, each on its own thread at its own interval (the next round starts an interval
 * after the previous one ended, so a slow cluster is sampled less often, and a probe never runs
 * two rounds at once), recording every sample in the history until stopped.
 */
public final class Probes implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Probes.class);

  private final ScheduledExecutorService pool;

  private Probes(ScheduledExecutorService pool) {
    this.pool = pool;
  }

  public static Probes start(Map<Probe, Duration> probes, History history) {
    ScheduledExecutorService pool = Executors.newScheduledThreadPool(Math.max(1, probes.size()), r -> {
      Thread t = new Thread(r, "probe");
      t.setDaemon(true);
      return t;
    });
    probes.forEach((probe, every) -> pool.scheduleWithFixedDelay(() -> {
      try {
        probe.round(history::add);
      } catch (RuntimeException e) {
        LOG.warn("probe {} could not sample: {}", probe.kind().key(), e.toString());
      }
    }, 0, every.toMillis(), TimeUnit.MILLISECONDS));
    return new Probes(pool);
  }

  /** Stops sampling and waits for operations in flight. */
  @Override
  public void close() {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

}
