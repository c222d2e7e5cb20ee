package io.slipway.simulator.fleet;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The process a scoped fleet belongs to, as its {@link FleetLabels#OWNER} label writes it:
 * host, pid and the process's start (so a pid the kernel reused is not taken for the owner). A
 * fleet's owner is gone when, on this host, no process has that pid and start.
 *
 * <p>On Linux the start is the kernel's own record, clock ticks since boot ({@code
 * /proc/PID/stat}, field 22), which never changes for a process. The JDK's start instant is not
 * used there: it adds the boot time of {@code /proc/stat}, which the kernel derives from the wall
 * clock at each read, so two JVMs saw one process start at different instants once the clock
 * was adjusted (a CI run took a live owner for gone that way). Elsewhere the JDK's instant in
 * milliseconds is all there is, compared within {@link #START_TOLERANCE_MILLIS}.
 */
public record FleetOwner(String host, long pid, long start) {

  static final long START_TOLERANCE_MILLIS = 5_000;

  private static final Path PROC = Path.of("/proc");

  /** This JVM. */
  public static FleetOwner current() {
    long pid = ProcessHandle.current().pid();
    return new FleetOwner(localHost(), pid, startOf(pid).orElse(0L));
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
    return host + "/" + pid + "/" + start;
  }

  /**
   * Whether the owner is known to be gone: it ran on this host and no process there has its pid
   * and start. A live pid whose start cannot be read is taken for the owner; an owner on another
   * host is never taken for gone.
   */
  public boolean isGone() {
    if (!host.equals(localHost())) {
      return false;
    }
    if (ProcessHandle.of(pid).isEmpty()) {
      return true;
    }
    return startOf(pid).map(now -> !sameStart(now)).orElse(false);
  }

  private boolean sameStart(long now) {
    return Files.isDirectory(PROC) ? now == start : Math.abs(now - start) <= START_TOLERANCE_MILLIS;
  }

  /** Clock ticks since boot on Linux, else the JDK's start instant in milliseconds. */
  private static Optional<Long> startOf(long pid) {
    if (Files.isDirectory(PROC)) {
      try {
        String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
        // after "pid (comm) ": the command may hold spaces and parentheses, so split after the last ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Optional.of(Long.parseLong(fields[19]));  // field 22 of the whole line
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      }
    }
    return ProcessHandle.of(pid).flatMap(p -> p.info().startInstant()).map(Instant::toEpochMilli);
  }

  private static String localHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
