package io.slipway.simulator.fleet;

import io.slipway.engine.config.Role;
import java.net.InetSocketAddress;
import java.time.Duration;
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

  /**
   * Where the node keeps the offset of its Kubernetes components' wall clock, in seconds
   * ({@code -7200}): the stand-ins read it (RKE mounts /etc/kubernetes into each) at most a
   * second after it changes. No file, no offset.
   */
  String CLOCK_OFFSET_FILE = "/etc/kubernetes/slipway/clock-offset";

  /** The port a controlplane node's apiserver (and a load balancer in front of them) serves on. */
  int APISERVER_PORT = 6443;

  /** The port an etcd node's member serves its clients on. */
  int ETCD_CLIENT_PORT = 2379;

  /** The file that fills etcd's disk, beside etcd's own {@code member} directory. */
  String DISK_FILLER = "/var/lib/etcd/slipway-disk-full";

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

  /**
   * Where a cluster.yml reaches the node ({@code address} and {@code port}): its internal address
   * where this machine routes to the fleet network (the local engine's bridge), else its
   * published sshd (an engine elsewhere, whose overlay network this machine cannot reach).
   */
  default SshEndpoint clusterEndpoint() {
    return new SshEndpoint(internalAddress(), sshPort());
  }

  /**
   * Where this machine reaches the node's {@code port} (its apiserver's 6443, its etcd's 2379):
   * its internal address where this machine routes to the fleet network, else the address and
   * port of its engine that the port is published on.
   */
  default InetSocketAddress reach(int port) {
    return InetSocketAddress.createUnresolved(internalAddress(), port);
  }

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

  /** Sets the wall clock of the node's Kubernetes components {@code offset} away from real time. */
  default void skewClock(Duration offset) {
    String seconds = (offset.isNegative() ? "-" : "+") + offset.abs().toSeconds();
    exec("sh", "-c", "mkdir -p \"$(dirname \"$1\")\" && printf '%s\\n' \"$2\" > \"$1.new\" && mv -f \"$1.new\" \"$1\"",
        "skew", CLOCK_OFFSET_FILE, seconds).orThrow(name(), "setting the components' clock offset");
  }

  /** Puts the node's Kubernetes components back on real time. */
  default void unskewClock() {
    exec("rm", "-f", CLOCK_OFFSET_FILE).orThrow(name(), "removing the components' clock offset");
  }

  /**
   * Fills the file system of {@code /var/lib/etcd} to its last block with a file of its own;
   * refuses (touching nothing) unless it is a file system of its own, as the fleet's
   * {@code etcd_disk} makes it, so the Docker host's disk is never the one filled. Returns the
   * bytes still free after.
   */
  default long fillEtcdDisk() {
    String free = exec("sh", "-c", "mountpoint -q /var/lib/etcd || { echo '/var/lib/etcd is not a file system of its "
        + "own (no etcd_disk)' >&2; exit 3; }; dd if=/dev/zero of=" + DISK_FILLER + " bs=64k 2>/dev/null; "
        + "df -B1 --output=avail /var/lib/etcd | tail -n 1").orThrow(name(), "filling etcd's disk");
    return Long.parseLong(free.strip());
  }

  /** Removes what {@link #fillEtcdDisk} wrote. */
  default void emptyEtcdDisk() {
    exec("rm", "-f", DISK_FILLER).orThrow(name(), "emptying etcd's disk");
  }

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
