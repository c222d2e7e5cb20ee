package io.slipway.engine.up;

import io.slipway.engine.host.Host;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /**
   * {@code work} applied to each of {@code items}, the results in the items' order; once all have
   * ended, the first failure (in the items' order) is thrown: none is cut short by another's.
   */
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
      CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
      return running.stream().map(SideBySide::join).toList();
    } finally {
      pool.shutdown();
    }
  }

  /** {@code work} on each of {@code hosts}, side by side; the results by host name, in the map's order. */
  static <R> Map<String, R> onHosts(Map<String, Host> hosts, Function<Host, R> work, int parallelism,
      String threadName) {
    List<String> names = List.copyOf(hosts.keySet());
    List<R> results = map(names, name -> work.apply(hosts.get(name)), parallelism, threadName);
    Map<String, R> byHost = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      byHost.put(names.get(i), results.get(i));
    }
    return byHost;
  }

  /** The task's result; its failure as it was thrown (work is a Function: it throws nothing checked). */
  private static <R> R join(CompletableFuture<R> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }
}
