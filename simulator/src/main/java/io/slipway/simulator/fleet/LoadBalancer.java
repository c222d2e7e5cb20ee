package io.slipway.simulator.fleet;

import java.net.InetSocketAddress;

/**
 * A load-balancer node of a running fleet: real nginx proxying TCP 6443 to every controlplane
 * node with the reference walkthrough's settings, and, when the fleet has a floating address,
 * keepalived bidding for it over VRRP. Its faults act through the Docker engine, like a node's.
 */
public interface LoadBalancer {

  String name();

  /** The LB's own address on the fleet network. */
  String address();

  /**
   * Where this machine reaches the LB's 6443: its address where this machine routes to the fleet
   * network, else the port its engine publishes.
   */
  default InetSocketAddress reach() {
    return InetSocketAddress.createUnresolved(address(), LbContainer.PORT);
  }

  /** Whether the fleet's floating address is on this LB right now. */
  boolean holdsFloatingAddress();

  ExecResult exec(String... command);

  /** The last {@code lines} lines nginx and keepalived printed. */
  String logs(int lines);

  void stop();

  /** Starts a stopped LB and waits until nginx listens again. */
  void start();

  void pause();

  void unpause();

  void disconnect();

  void reconnect();

  NodeState state();
}
