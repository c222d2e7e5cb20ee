package io.slipway.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollTest {

  @Test
  void aConditionThatComesToHoldIsSeenAndPollingStops() {
    AtomicInteger asked = new AtomicInteger();
    assertThat(Poll.until(Duration.ofMinutes(1), Duration.ofMillis(1), () -> asked.incrementAndGet() == 3)).isTrue();
    assertThat(asked).as("asked until it held, not after").hasValue(3);
  }

  @Test
  void aConditionThatNeverHoldsIsAskedOnceMoreAtTheDeadlineAndFails() {
    AtomicInteger asked = new AtomicInteger();
    assertThat(Poll.until(Duration.ZERO, Duration.ofMillis(1), () -> asked.incrementAndGet() < 0)).isFalse();
    assertThat(asked).as("a zero timeout still asks once").hasValue(1);
  }

  @Test
  void anInterruptEndsTheWaitAndKeepsTheFlag() {
    Thread.currentThread().interrupt();
    assertThat(Poll.until(Duration.ofMinutes(1), Duration.ofMillis(10), () -> false)).isFalse();
    assertThat(Thread.interrupted()).as("the interrupt is not swallowed").isTrue();
  }
}
