package io.slipway.engine.up;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Work that waits on SSH round trips, one task per host or per pair of hosts, run side by side on
 * threads of its own, up to the run's parallelism: not on the common pool, which has one thread
 * on a two-core machine and would run them one after another.
 */
final class SideBySide {

  private SideBySide() {
  }

  /** {@code work} applied to each of {@code items}, the results in the items' order; the first failure is thrown. */
  static <T, R> List<R> map(List<T> items, Function<T, R> work, int parallelism, String threadName) {
    if (items.isEmpty()) {
      return List.of();
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, items.size())), r -> {
      Thread thread = new Thread(r, threadName);
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<CompletableFuture<R>> running = items.stream()
          .map(item -> CompletableFuture.supplyAsync(() -> work.apply(item), pool)).toList();
      return running.stream().map(SideBySide::join).toList();
    } finally {
      pool.shutdownNow();
    }
  }

  private static <R> R join(CompletableFuture<R> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
    }
  }
}
