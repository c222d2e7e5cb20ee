package io.slipway.standin.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.slipway.standin.etcd.WatchEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code ?watch=true}: a chunked stream of {@code {"type":"ADDED|MODIFIED|DELETED","object":…}}
 * lines fed by an etcd watch from the requested resourceVersion. With no resourceVersion (or 0)
 * the current objects come first as ADDED, as the real apiserver sends them.
 */
final class WatchHandler {

  private static final Object END = new Object();
  private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

  private final ObjectStore store;
  private final ObjectMapper json;

  WatchHandler(ObjectStore store, ObjectMapper json) {
    this.store = store;
    this.json = json;
  }

  void watch(HttpExchange exchange, Request request, Predicate<JsonNode> filter) throws IOException {
    ResourceType type = request.type();
    String timeoutParam = request.param("timeoutSeconds");
    long deadline = System.nanoTime() + (timeoutParam != null && !timeoutParam.isEmpty()
        ? Duration.ofSeconds(Long.parseLong(timeoutParam)) : DEFAULT_TIMEOUT).toNanos();
    String resourceVersion = request.param("resourceVersion");
    BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      out.flush();  // sends the headers now: clients count a watch as started when they arrive
      long from;
      if (resourceVersion == null || resourceVersion.isEmpty() || resourceVersion.equals("0")) {
        ObjectStore.ListResult list = store.list(type, request.namespace(), filter);
        for (ObjectNode object : list.items()) {
          write(out, "ADDED", object);
        }
        from = list.revision();
      } else {
        from = Long.parseLong(resourceVersion);
      }
      try (AutoCloseable watch = store.etcd().watch(type.prefix(request.namespace()), from, queue::add,
          error -> queue.add(END))) {
        while (System.nanoTime() - deadline < 0) {
          Object next = queue.poll(1, TimeUnit.SECONDS);
          if (next == END) {
            break;
          }
          if (next instanceof WatchEvent event) {
            send(out, event, filter);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the client went away; the watch ends with it
    } catch (Exception e) {
      // closing the etcd watch failed; nothing left to tell the client
    }
  }

  private void send(OutputStream out, WatchEvent event, Predicate<JsonNode> filter) throws IOException {
    if (event.type() == WatchEvent.Type.DELETE) {
      if (event.previous() == null) {
        return;
      }
      ObjectNode gone = store.decode(event.previous());
      gone.with("metadata").put("resourceVersion", Long.toString(event.kv().modRevision()));
      if (filter.test(gone)) {
        write(out, "DELETED", gone);
      }
      return;
    }
    ObjectNode object = store.decode(event.kv());
    if (filter.test(object)) {
      write(out, event.isCreate() ? "ADDED" : "MODIFIED", object);
    } else if (event.previous() != null && filter.test(store.decode(event.previous()))) {
      write(out, "DELETED", object);  // it left the selection
    }
  }

  private void write(OutputStream out, String type, ObjectNode object) throws IOException {
    ObjectNode event = json.createObjectNode().put("type", type);
    event.set("object", object);
    out.write(json.writeValueAsBytes(event));
    out.write('\n');
    out.flush();
  }
}
