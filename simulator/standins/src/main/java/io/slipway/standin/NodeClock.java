package io.slipway.standin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wall clock of the node a stand-in runs on: the machine's clock, off by the seconds written
 * in {@code /etc/kubernetes/slipway/clock-offset} (RKE mounts /etc/kubernetes into every
 * component), as a node whose NTP broke would be. The file is read again at most once a second;
 * without it the offset is zero. Every wall-clock reading of the stand-ins goes through here,
 * certificate validity checks included ({@link Tls}); durations are measured on
 * {@link System#nanoTime()}, which no skew touches, as Go's monotonic clock is in the real components.
 */
public final class NodeClock extends Clock {

  /** Where the clock_skew fault writes the offset, e.g. {@code -7200}. */
  public static final Path OFFSET_FILE = Path.of("/etc/kubernetes/slipway/clock-offset");

  private static final Logger LOG = LoggerFactory.getLogger(NodeClock.class);
  private static final long REREAD_NANOS = Duration.ofSeconds(1).toNanos();
  private static final NodeClock NODE = new NodeClock(OFFSET_FILE, Clock.systemUTC(), System::nanoTime);

  private final Path file;
  private final Clock machine;
  private final LongSupplier nanoTime;
  private volatile Duration offset = Duration.ZERO;
  private volatile long readAt;
  private volatile boolean read;

  NodeClock(Path file, Clock machine, LongSupplier nanoTime) {
    this.file = file;
    this.machine = machine;
    this.nanoTime = nanoTime;
  }

  /** This node's clock. */
  public static NodeClock get() {
    return NODE;
  }

  @Override
  public Instant instant() {
    return machine.instant().plus(offset());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return Clock.offset(Clock.system(zone), offset());
  }

  /** How far this node's clock is off now. */
  public Duration offset() {
    long now = nanoTime.getAsLong();
    if (!read || now - readAt >= REREAD_NANOS) {
      Duration was = offset;
      offset = readOffset();
      readAt = now;
      read = true;
      if (!offset.equals(was)) {
        LOG.warn("this node's clock is now {} s off real time", offset.toSeconds());
      }
    }
    return offset;
  }

  private Duration readOffset() {
    try {
      String text = Files.readString(file).strip();
      return text.isEmpty() ? Duration.ZERO : Duration.ofSeconds(Long.parseLong(text.replaceFirst("^\\+", "")));
    } catch (NoSuchFileException absent) {
      return Duration.ZERO;
    } catch (IOException | NumberFormatException e) {
      LOG.warn("ignoring the clock offset in {}: {}", file, e.getMessage());
      return offset;
    }
  }
}
