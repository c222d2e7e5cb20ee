package io.slipway.standin.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.engine.config.Quantity;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class AllocatableTest {

  private static final BigDecimal KI = BigDecimal.valueOf(1024);
  private static final BigDecimal MI = KI.multiply(KI);
  private static final BigDecimal GI = MI.multiply(KI);

  private static NodeResources capacity(String cpu, String memory, String storage) {
    return new NodeResources(Quantity.parse(cpu).value(), Quantity.parse(memory).value(),
        Quantity.parse(storage).value(), 110);
  }

  /**
   * The reference walkthrough's worker: 32 CPU, 64Gi, 100Gi with kube-reserved cpu=1,memory=2Gi,
   * ephemeral-storage=1Gi, system-reserved cpu=1,memory=1Gi,ephemeral-storage=1Gi and eviction-hard
   * memory.available<500Mi,nodefs.available<10%.
   * cpu: 32 - 1 - 1 = 30.
   * memory: 64Gi - 2Gi - 1Gi - 500Mi = 65536Mi - 3572Mi = 61964Mi = 63451136Ki.
   * ephemeral-storage: 100Gi - 1Gi - 1Gi - 10% of 100Gi = 88Gi = 94489280512 bytes.
   */
  @Test
  void theReferenceWorkersAllocatable() {
    NodeResources allocatable = Allocatable.of(capacity("32", "64Gi", "100Gi"),
        "cpu=1,memory=2Gi,ephemeral-storage=1Gi", "cpu=1,memory=1Gi,ephemeral-storage=1Gi",
        "memory.available<500Mi,nodefs.available<10%");

    assertThat(allocatable.cpu()).isEqualByComparingTo("30");
    assertThat(allocatable.memory()).isEqualByComparingTo(BigDecimal.valueOf(61964).multiply(MI));
    assertThat(allocatable.ephemeralStorage()).isEqualByComparingTo(BigDecimal.valueOf(88).multiply(GI));
    assertThat(allocatable.cpuText()).isEqualTo("30");
    assertThat(allocatable.memoryText()).isEqualTo("63451136Ki");
    assertThat(allocatable.ephemeralStorageText()).isEqualTo("94489280512");
  }

  @Test
  void withoutFlagsOnlyTheKubeletsDefaultEvictionThresholdIsTakenAway() {
    NodeResources allocatable = Allocatable.of(capacity("4", "8Gi", "50Gi"), null, null, null);
    assertThat(allocatable.cpuText()).isEqualTo("4");
    assertThat(allocatable.memory()).as("8Gi - 100Mi").isEqualByComparingTo(BigDecimal.valueOf(8192 - 100).multiply(MI));
    assertThat(allocatable.ephemeralStorage()).as("50Gi - 10%").isEqualByComparingTo(BigDecimal.valueOf(45).multiply(GI));
  }

  @Test
  void fractionalCpuIsReportedInMillicoresAndNothingGoesNegative() {
    NodeResources allocatable = Allocatable.of(capacity("2", "1Gi", "1Gi"), "cpu=500m,memory=2Gi", null,
        "memory.available<100Mi");
    assertThat(allocatable.cpuText()).isEqualTo("1500m");
    assertThat(allocatable.memory()).as("reservations above capacity leave zero").isZero();
    assertThat(allocatable.ephemeralStorageText()).as("no nodefs threshold given").isEqualTo(GI.toPlainString());
  }
}
