package io.slipway.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FleetOwnerTest {

  private final FleetOwner self = FleetOwner.current();

  @Test
  void thisProcessIsNotGone() {
    assertThat(self.isGone()).isFalse();
    assertThat(FleetOwner.parse(self.label())).contains(self);
  }

  @Test
  void theStartIsReadTheSameEachTime() {
    for (int i = 0; i < 100; i++) {
      assertThat(FleetOwner.current()).isEqualTo(self);
    }
  }

  @Test
  void aPidWithAnotherStartWasReused() {
    assertThat(new FleetOwner(self.host(), self.pid(), self.start() - 360_000).isGone()).isTrue();
  }

  @Test
  void aPidNoProcessHasIsGone() {
    long unused = ProcessHandle.allProcesses().mapToLong(ProcessHandle::pid).max().orElse(1) + 1_000_000;
    assertThat(new FleetOwner(self.host(), unused, self.start()).isGone()).isTrue();
  }

  @Test
  void anOwnerOnAnotherHostIsNeverTakenForGone() {
    assertThat(new FleetOwner(self.host() + "-elsewhere", Long.MAX_VALUE, 0).isGone()).isFalse();
  }

  @Test
  void labelsNotInTheFormNameNoOwner() {
    assertThat(FleetOwner.parse(null)).isEmpty();
    assertThat(FleetOwner.parse("host/12")).isEmpty();
    assertThat(FleetOwner.parse("host/x/12")).isEmpty();
  }
}
