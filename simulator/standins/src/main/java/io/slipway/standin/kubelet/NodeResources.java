package io.slipway.standin.kubelet;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * CPU, memory and ephemeral storage of a node in base units (cores, bytes, bytes), formatted as
 * the kubelet reports them: CPU as whole cores or millicores, memory in Ki, storage in bytes.
 */
public record NodeResources(BigDecimal cpu, BigDecimal memory, BigDecimal ephemeralStorage, int pods) {

  public NodeResources {
    Objects.requireNonNull(cpu, "cpu");
    Objects.requireNonNull(memory, "memory");
    Objects.requireNonNull(ephemeralStorage, "ephemeralStorage");
  }

  /** {@code 30} or {@code 29500m}. */
  public String cpuText() {
    BigDecimal millis = cpu.movePointRight(3).setScale(0, RoundingMode.FLOOR);
    return millis.remainder(BigDecimal.valueOf(1000)).signum() == 0
        ? millis.movePointLeft(3).setScale(0, RoundingMode.UNNECESSARY).toPlainString()
        : millis.toPlainString() + "m";
  }

  /** Memory in Ki, as the kubelet reports it, e.g. {@code 63451136Ki}. */
  public String memoryText() {
    return memory.divide(BigDecimal.valueOf(1024), 0, RoundingMode.FLOOR).toPlainString() + "Ki";
  }

  /** Ephemeral storage in bytes, e.g. {@code 94489280512}. */
  public String ephemeralStorageText() {
    return ephemeralStorage.setScale(0, RoundingMode.FLOOR).toPlainString();
  }
}
