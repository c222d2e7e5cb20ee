package io.slipway.standin.client;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a control loop runs: at the latest every period (its resync), and at once when a watch
 * it keeps open reports a change, as client-go's informers wake their controllers. Changes that
 * arrive while the loop runs fold into one more run.
 */
public final class Wakeups implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Wakeups.class);
  private static final int WATCH_SECONDS = 300;
  private static final Duration RETRY = Duration.ofSeconds(1);

  private final Semaphore signal = new Semaphore(0);
  private volatile boolean closed;

  /** Asks for a run now. */
  public void wake() {
    if (signal.availablePermits() == 0) {
      signal.release();
    }
  }

  /** Waits until woken or {@code period} has passed; false once closed or interrupted. */
  public boolean await(Duration period) {
    try {
      signal.tryAcquire(period.toMillis(), TimeUnit.MILLISECONDS);
      signal.drainPermits();
      return !closed;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Keeps a watch of {@code path} (objects matching {@code fieldSelector}) open on a daemon
   * thread, waking the loop on every event; opened again after the server ends it, and a second
   * after a failure.
   */
  public Wakeups watching(KubeClient client, String path, String fieldSelector) {
    Thread watcher = new Thread(() -> {
      Semaphore pause = new Semaphore(0);
      while (!closed) {
        try {
          client.watch(path, fieldSelector, WATCH_SECONDS, object -> wake());
        } catch (KubeClientException e) {
          LOG.debug("watch of {} ended: {}", path, e.getMessage());
          try {
            pause.tryAcquire(RETRY.toMillis(), TimeUnit.MILLISECONDS);  // nobody releases it: a bounded wait
          } catch (InterruptedException interrupted) {
            return;
          }
        }
      }
    }, "watch " + path);
    watcher.setDaemon(true);
    watcher.start();
    return this;
  }

  @Override
  public void close() {
    closed = true;
    wake();
  }
}
