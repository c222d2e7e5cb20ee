package io.slipway.standin.apiserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes complete responses. */
final class Responses {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Responses() {
  }

  static void json(HttpExchange exchange, int code, Object body) throws IOException {
    bytes(exchange, code, "application/json", JSON.writeValueAsBytes(body));
  }

  static void text(HttpExchange exchange, int code, String body) throws IOException {
    bytes(exchange, code, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }

  static void bytes(HttpExchange exchange, int code, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
