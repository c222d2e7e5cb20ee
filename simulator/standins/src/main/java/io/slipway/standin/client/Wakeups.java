package io.slipway.standin.client;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a control loop runs: at the latest every period (its resync), and at once when a watch
 * it keeps open reports a change, as client-go's informers wake their controllers. Changes that
 * arrive while the loop runs fold into one more run. A loop that keeps what it listed can ask
 * whether a watch reported anything since it last asked ({@link #watchedChange}), and list again
 * only then.
 */
public final class Wakeups implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Wakeups.class);
  private static final int WATCH_SECONDS = 300;
  private static final Duration RETRY = Duration.ofSeconds(1);

  private final Semaphore signal = new Semaphore(0);
  private final AtomicBoolean changed = new AtomicBoolean(true);
  private volatile boolean closed;

  /** Asks for a run now. */
  public void wake() {
    if (signal.availablePermits() == 0) {
      signal.release();
    }
  }

  /**
   * Whether a watch reported an event, or ended (events may be lost until it is open again),
   * since the last call; true at first.
   */
  public boolean watchedChange() {
    return changed.getAndSet(false);
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
    return watching(client, path, fieldSelector, type -> true);
  }

  /**
   * As {@link #watching(KubeClient, String, String)}, waking the loop only on events of the types
   * {@code wakesOn} accepts (ADDED, MODIFIED, DELETED).
   */
  public Wakeups watching(KubeClient client, String path, String fieldSelector, Predicate<String> wakesOn) {
    Thread watcher = new Thread(() -> {
      Semaphore pause = new Semaphore(0);
      while (!closed) {
        try {
          client.watch(path, fieldSelector, WATCH_SECONDS, type -> {
            if (wakesOn.test(type)) {
              changed.set(true);
              wake();
            }
          });
        } catch (KubeClientException e) {
          LOG.debug("watch of {} ended: {}", path, e.getMessage());
          try {
            pause.tryAcquire(RETRY.toMillis(), TimeUnit.MILLISECONDS);  // nobody releases it: a bounded wait
          } catch (InterruptedException interrupted) {
            return;
          }
        } finally {
          changed.set(true);  // events may be lost until the watch is open again
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
