package io.slipway.standin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's clock follows the offset file, read again at most once a second. */
class NodeClockTest {

  private static final Instant REAL = Instant.parse("2026-12-06T12:00:00Z");

  @TempDir
  Path dir;

  private final AtomicLong nanos = new AtomicLong();

  private NodeClock clock(Path file) {
    return new NodeClock(file, Clock.fixed(REAL, ZoneOffset.UTC), nanos::get);
  }

  @Test
  void withoutTheFileTheClockIsTheMachines() {
    assertThat(clock(dir.resolve("clock-offset")).instant()).isEqualTo(REAL);
  }

  @Test
  void anOffsetIsTakenUpWithinASecondAndDroppedWhenTheFileGoes() throws IOException {
    Path file = dir.resolve("clock-offset");
    NodeClock clock = clock(file);
    assertThat(clock.instant()).isEqualTo(REAL);

    Files.writeString(file, "-7200\n");
    nanos.addAndGet(Duration.ofMillis(500).toNanos());
    assertThat(clock.instant()).as("not read again within the second").isEqualTo(REAL);
    nanos.addAndGet(Duration.ofMillis(500).toNanos());
    assertThat(clock.instant()).isEqualTo(REAL.minus(Duration.ofHours(2)));

    Files.writeString(file, "+600");
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(clock.instant()).isEqualTo(REAL.plus(Duration.ofMinutes(10)));

    Files.delete(file);
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(clock.instant()).isEqualTo(REAL);
  }

  @Test
  void anUnreadableOffsetLeavesTheClockAsItWas() throws IOException {
    Path file = dir.resolve("clock-offset");
    Files.writeString(file, "60");
    NodeClock clock = clock(file);
    assertThat(clock.instant()).isEqualTo(REAL.plusSeconds(60));

    Files.writeString(file, "an hour");
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(clock.instant()).isEqualTo(REAL.plusSeconds(60));
  }
}
