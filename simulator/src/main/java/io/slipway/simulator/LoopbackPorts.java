package io.slipway.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on the loopback interface, for listeners that must be given a fixed port. */
public final class LoopbackPorts {

  private LoopbackPorts() {
  }

  /** A port nothing listens on right now (the OS picks it; the caller binds it soon after). */
  public static int free() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }
}
