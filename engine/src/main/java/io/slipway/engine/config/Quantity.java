package io.slipway.engine.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes resource quantity such as {@code 500m}, {@code 2Gi} or {@code 1e3}, kept as an
 * exact decimal with the text it was written as. Invariant: the value is not negative.
 */
public record Quantity(BigDecimal value, String text) implements Comparable<Quantity> {

  private static final Pattern FORMAT =
      Pattern.compile("([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]{1,3})?");

  private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
      Map.entry("Ki", BigDecimal.valueOf(1L << 10)), Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
      Map.entry("Gi", BigDecimal.valueOf(1L << 30)), Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
      Map.entry("Pi", BigDecimal.valueOf(1L << 50)), Map.entry("Ei", BigDecimal.valueOf(1L << 60)),
      Map.entry("n", new BigDecimal("1e-9")), Map.entry("u", new BigDecimal("1e-6")),
      Map.entry("m", new BigDecimal("1e-3")), Map.entry("k", new BigDecimal("1e3")),
      Map.entry("M", new BigDecimal("1e6")), Map.entry("G", new BigDecimal("1e9")),
      Map.entry("T", new BigDecimal("1e12")), Map.entry("P", new BigDecimal("1e15")),
      Map.entry("E", new BigDecimal("1e18")));

  public Quantity {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(text, "text");
    if (value.signum() < 0) {
      throw new IllegalArgumentException("negative quantity " + text);
    }
  }

  /**
   * Parses the Kubernetes quantity syntax.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  public static Quantity parse(String text) {
    Matcher m = FORMAT.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("\"" + text + "\" is not a quantity; expected a number with an "
          + "optional suffix such as 500m, 2Gi, 100M or 1e3 (an exponent of at most three digits)");
    }
    BigDecimal number = new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1));
    String suffix = m.group(2);
    if (suffix == null) {
      return new Quantity(number, text.trim());
    }
    BigDecimal factor = SUFFIXES.containsKey(suffix)
        ? SUFFIXES.get(suffix)
        : BigDecimal.ONE.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
    return new Quantity(number.multiply(factor), text.trim());
  }

  /** Whether {@code text} is a valid quantity. */
  public static boolean isValid(String text) {
    return text != null && FORMAT.matcher(text.trim()).matches();
  }

  /** The value in whole units, rounded up as the kubelet does for bytes. */
  public long ceilLong() {
    return value.setScale(0, RoundingMode.CEILING).longValueExact();
  }

  /** The value in thousandths (CPU millicores), rounded up. */
  public long milliValue() {
    return value.movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
  }

  @Override
  public int compareTo(Quantity other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return text;
  }
}
