package io.slipway.standin.kubelet;

import io.slipway.engine.config.KubeletReservations;
import io.slipway.engine.config.Quantity;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Node allocatable the way the kubelet computes it, per resource:
 * {@code capacity - kube-reserved - system-reserved - hard eviction threshold}, where a
 * threshold given as a percentage is that share of the capacity, memory's threshold is
 * {@code memory.available} and ephemeral storage's is {@code nodefs.available}; CPU has no
 * eviction threshold. Nothing goes below zero.
 */
public final class Allocatable {

  private Allocatable() {
  }

  /**
   * @param kubeReserved {@code --kube-reserved} as written (may be null)
   * @param systemReserved {@code --system-reserved} as written (may be null)
   * @param evictionHard {@code --eviction-hard} as written (may be null: the kubelet's default
   *     {@code memory.available<100Mi,nodefs.available<10%} then applies)
   */
  public static NodeResources of(NodeResources capacity, String kubeReserved, String systemReserved,
      String evictionHard) {
    Map<String, Quantity> kube = kubeReserved == null ? Map.of() : KubeletReservations.parseReservation(kubeReserved);
    Map<String, Quantity> system = systemReserved == null ? Map.of()
        : KubeletReservations.parseReservation(systemReserved);
    List<KubeletReservations.Threshold> eviction = KubeletReservations.parseEviction(
        evictionHard == null ? "memory.available<100Mi,nodefs.available<10%" : evictionHard);
    return new NodeResources(
        floorZero(capacity.cpu().subtract(reserved("cpu", kube, system))),
        floorZero(capacity.memory().subtract(reserved("memory", kube, system))
            .subtract(threshold("memory.available", capacity.memory(), eviction))),
        floorZero(capacity.ephemeralStorage().subtract(reserved("ephemeral-storage", kube, system))
            .subtract(threshold("nodefs.available", capacity.ephemeralStorage(), eviction))),
        capacity.pods());
  }

  private static BigDecimal reserved(String resource, Map<String, Quantity> kube, Map<String, Quantity> system) {
    return value(kube.get(resource)).add(value(system.get(resource)));
  }

  private static BigDecimal threshold(String signal, BigDecimal capacity, List<KubeletReservations.Threshold> all) {
    return all.stream().filter(t -> t.signal().equals(signal)).findFirst()
        .map(t -> t.isPercentage() ? capacity.multiply(t.percent()).movePointLeft(2) : t.quantity().value())
        .orElse(BigDecimal.ZERO);
  }

  private static BigDecimal value(Quantity quantity) {
    return quantity == null ? BigDecimal.ZERO : quantity.value();
  }

  private static BigDecimal floorZero(BigDecimal value) {
    return value.signum() < 0 ? BigDecimal.ZERO : value;
  }
}
