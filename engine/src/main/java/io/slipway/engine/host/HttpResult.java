package io.slipway.engine.host;

/** The status and body of an HTTP request made through a host. */
public record HttpResult(int status, String body) {
}
