package io.slipway.simulator.fleet;

import io.slipway.engine.config.Role;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One fake node of a running fleet: how to reach it, and the fault primitives that act on it.
 * Every primitive has its inverse (stop/start, pause/unpause, disconnect/reconnect,
 * stopContainer/startContainer); killing a container is healed by the node's own dockerd
 * restarting it. Primitives act through the Docker engine that runs the node, never
 * through the node's sshd, so they work while the node is unreachable.
 */
public interface FleetNode {

  String name();

  Set<Role> roles();

  Capacity capacity();

  /** The node's address on the fleet network (stable across restarts and reconnects). */
  String internalAddress();

  /** The port the node's sshd listens on at its {@link #internalAddress()}. */
  int sshPort();

  /** The user the fleet's key logs in as: root, or a member of the docker group. */
  String user();

  /** The node's sshd as published on the Docker host (stable across restarts). */
  SshEndpoint ssh();

  /** The node's SSH host public key, {@code ssh-ed25519 AAAA…}. */
  String hostKey();

  /** Runs a command on the node's console (not over SSH). */
  ExecResult exec(String... command);

  /** Kills the main process of an inner container with SIGKILL, as a crash would; returns its pid. */
  long killContainer(String container);

  /** Stops an inner container ({@code docker stop}); its restart policy then leaves it stopped. */
  void stopContainer(String container);

  /** Starts a stopped inner container. */
  void startContainer(String container);

  /** Leaves the node unprepared in one way (swap on, ports blocked, key missing); {@link #prepare} undoes it. */
  void misprepare(Misprepare how);

  void prepare(Misprepare how);

  /** Stops the node, as a powered-off machine. */
  void stop();

  /** Starts a stopped node and waits until its sshd and dockerd answer. */
  void start();

  /** Restarts the node (a reboot) and waits until its sshd and dockerd answer. */
  void restart();

  /** Freezes every process of the node; it keeps its address but answers nothing. */
  void pause();

  void unpause();

  /** Takes the node off the fleet network (a partition); it keeps running. */
  void disconnect();

  /** Puts a disconnected node back on the fleet network at its old address. */
  void reconnect();

  /** The most memory the node (with everything in it) used so far, where the Docker host's cgroups tell. */
  OptionalLong peakMemoryBytes();

  /** What the Docker engine reports of the node right now. */
  NodeState state();
}
