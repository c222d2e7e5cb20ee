package io.slipway.engine.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kubelet's reservation flags, parsed the way the kubelet parses them:
 * {@code --kube-reserved}/{@code --system-reserved} as {@code cpu=1,memory=2Gi,ephemeral-storage=1Gi}
 * and {@code --eviction-hard} as {@code memory.available<500Mi,nodefs.available<10%}.
 */
public final class KubeletReservations {

  /** Resources a reservation may name. */
  public static final Set<String> RESOURCES = Set.of("cpu", "memory", "ephemeral-storage", "pid");

  /** Eviction signals the kubelet knows. */
  public static final Set<String> SIGNALS = Set.of("memory.available", "nodefs.available", "nodefs.inodesFree",
      "imagefs.available", "imagefs.inodesFree", "pid.available", "allocatableMemory.available");

  private static final Pattern THRESHOLD = Pattern.compile("([A-Za-z.]+)<(.+)");

  /** A hard-eviction threshold: an absolute quantity, or a percentage of capacity. */
  public record Threshold(String signal, Quantity quantity, BigDecimal percent) {
    public boolean isPercentage() {
      return percent != null;
    }
  }

  private KubeletReservations() {
  }

  /**
   * Parses {@code cpu=1,memory=2Gi}.
   *
   * @throws IllegalArgumentException naming the bad part
   */
  public static Map<String, Quantity> parseReservation(String text) {
    Map<String, Quantity> result = new LinkedHashMap<>();
    for (String part : split(text)) {
      int eq = part.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("\"" + part + "\" is not resource=quantity, as in cpu=1,memory=2Gi");
      }
      String resource = part.substring(0, eq).trim();
      if (!RESOURCES.contains(resource)) {
        throw new IllegalArgumentException("unknown resource \"" + resource + "\"; expected cpu, memory, "
            + "ephemeral-storage or pid");
      }
      try {
        result.put(resource, Quantity.parse(part.substring(eq + 1)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(resource + ": " + e.getMessage());
      }
    }
    return result;
  }

  /**
   * Parses {@code memory.available<500Mi,nodefs.available<10%}.
   *
   * @throws IllegalArgumentException naming the bad part
   */
  public static List<Threshold> parseEviction(String text) {
    List<Threshold> result = new ArrayList<>();
    for (String part : split(text)) {
      Matcher m = THRESHOLD.matcher(part);
      if (!m.matches()) {
        throw new IllegalArgumentException("\"" + part + "\" is not signal<quantity, as in memory.available<500Mi");
      }
      String signal = m.group(1);
      if (!SIGNALS.contains(signal)) {
        throw new IllegalArgumentException("unknown eviction signal \"" + signal + "\"; expected one of "
            + String.join(", ", SIGNALS.stream().sorted().toList()));
      }
      String value = m.group(2).trim();
      if (value.endsWith("%")) {
        BigDecimal percent;
        try {
          percent = new BigDecimal(value.substring(0, value.length() - 1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(signal + ": \"" + value + "\" is not a percentage");
        }
        if (percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
          throw new IllegalArgumentException(signal + ": " + value + " is not between 0% and 100%");
        }
        result.add(new Threshold(signal, null, percent));
      } else {
        try {
          result.add(new Threshold(signal, Quantity.parse(value), null));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(signal + ": " + e.getMessage());
        }
      }
    }
    return result;
  }

  private static List<String> split(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty value");
    }
    return List.of(text.split(",")).stream().map(String::trim).toList();
  }
}
