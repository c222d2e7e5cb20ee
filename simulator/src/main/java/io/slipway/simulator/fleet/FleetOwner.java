package io.slipway.simulator.fleet;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Optional;

/**
 * The process a scoped fleet belongs to, as its {@link FleetLabels#OWNER} label writes it:
 * host, pid and the process's start time (so a pid the kernel reused is not taken for the
 * owner). A fleet's owner is gone when, on this host, no process has that pid and start time.
 */
public record FleetOwner(String host, long pid, long startMillis) {

  /** This JVM. */
  public static FleetOwner current() {
    ProcessHandle self = ProcessHandle.current();
    return new FleetOwner(localHost(), self.pid(), startMillis(self).orElse(0L));
  }

  /** The owner a label names, or empty when the label is missing or not in this form. */
  public static Optional<FleetOwner> parse(String label) {
    if (label == null) {
      return Optional.empty();
    }
    String[] parts = label.split("/");
    try {
      return parts.length == 3 ? Optional.of(new FleetOwner(parts[0], Long.parseLong(parts[1]),
          Long.parseLong(parts[2]))) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  public String label() {
    return host + "/" + pid + "/" + startMillis;
  }

  /**
   * Whether the owner is known to be gone: it ran on this host and no process there has its pid
   * and start time. An owner on another host is never taken for gone.
   */
  public boolean isGone() {
    if (!host.equals(localHost())) {
      return false;
    }
    return ProcessHandle.of(pid).flatMap(FleetOwner::startMillis).map(start -> start != startMillis).orElse(true);
  }

  private static Optional<Long> startMillis(ProcessHandle process) {
    return process.info().startInstant().map(Instant::toEpochMilli);
  }

  private static String localHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
