package io.slipway.engine.config;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An IPv4 network in CIDR notation, e.g. {@code 10.43.0.0/16}. Invariant: host bits are zero. */
public record Cidr(long base, int prefix) {

  private static final Pattern FORMAT = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

  public Cidr {
    if (prefix < 0 || prefix > 32 || (base & ~mask(prefix) & 0xffffffffL) != 0) {
      throw new IllegalArgumentException("not a network address: " + base + "/" + prefix);
    }
  }

  /** Parses {@code a.b.c.d/n}; empty when the text is not a network in that notation. */
  public static Optional<Cidr> parse(String text) {
    Matcher m = FORMAT.matcher(text == null ? "" : text.trim());
    if (!m.matches() || Integer.parseInt(m.group(5)) > 32) {
      return Optional.empty();
    }
    long address = 0;
    for (int i = 1; i <= 4; i++) {
      int octet = Integer.parseInt(m.group(i));
      if (octet > 255) {
        return Optional.empty();
      }
      address = address << 8 | octet;
    }
    int prefix = Integer.parseInt(m.group(5));
    if ((address & ~mask(prefix) & 0xffffffffL) != 0) {
      return Optional.empty();
    }
    return Optional.of(new Cidr(address, prefix));
  }

  /** Parses a dotted IPv4 address into its 32-bit value; empty when the text is not one. */
  public static Optional<Long> parseAddress(String text) {
    return parse((text == null ? "" : text.trim()) + "/32").map(Cidr::base);
  }

  public boolean contains(long address) {
    return (address & mask(prefix)) == base;
  }

  public boolean overlaps(Cidr other) {
    int shorter = Math.min(prefix, other.prefix);
    return (base & mask(shorter)) == (other.base & mask(shorter));
  }

  /** The n-th address of the network (1 = the first usable), e.g. the kubernetes service IP. */
  public String address(int n) {
    return format(base + n);
  }

  public static String format(long address) {
    return (address >> 24 & 255) + "." + (address >> 16 & 255) + "." + (address >> 8 & 255) + "." + (address & 255);
  }

  private static long mask(int prefix) {
    return prefix == 0 ? 0 : 0xffffffffL << (32 - prefix) & 0xffffffffL;
  }

  @Override
  public String toString() {
    return format(base) + "/" + prefix;
  }
}
