package io.slipway.engine.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bouncycastle.util.IPAddress;

/**
 * What may stand where cluster.yml names a host: an IPv4 address (no zero-padded parts, which
 * some tools read as octal), an IPv6 address, or a DNS name; and how such an address is
 * written into a URL or a host:port pair (IPv6 in brackets).
 */
public final class Addresses {

  private static final Pattern IPV4 =
      Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern DOTTED_NUMBERS = Pattern.compile("\\d+(\\.\\d+){3}");
  private static final Pattern NUMBERS = Pattern.compile("\\d+(\\.\\d+)*");
  private static final Pattern DNS_LABEL = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?");

  private Addresses() {
  }

  public static boolean isIpv4(String text) {
    return text != null && IPV4.matcher(text).matches();
  }

  public static boolean isIpv6(String text) {
    return text != null && text.indexOf(':') >= 0 && IPAddress.isValidIPv6(text);
  }

  public static boolean isIp(String text) {
    return isIpv4(text) || isIpv6(text);
  }

  /**
   * A DNS name as a host may carry one: dot-separated labels, any case, 253 characters at most,
   * and a last label that is not all digits (no top-level domain is, RFC 3696 section 2; a
   * resolver reads {@code 10.0.1} or {@code 167772161} as an IPv4 address, as inet_aton does).
   */
  public static boolean isDnsName(String text) {
    if (text == null || text.isEmpty() || text.length() > 253
        || text.substring(text.lastIndexOf('.') + 1).chars().allMatch(Character::isDigit)) {
      return false;
    }
    for (String label : text.split("\\.", -1)) {
      if (!DNS_LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }

  /** Why {@code text} cannot name a host, or empty when it can. */
  public static Optional<String> problem(String text) {
    if (isIp(text) || isDnsName(text)) {
      return Optional.empty();
    }
    if (NUMBERS.matcher(text).matches() && !DOTTED_NUMBERS.matcher(text).matches()) {
      return Optional.of("\"" + text + "\" is not an IPv4 address (an address has four dot-separated parts, "
          + "each 0-255)");
    }
    if (DOTTED_NUMBERS.matcher(text).matches()) {
      boolean padded = Arrays.stream(text.split("\\.")).anyMatch(p -> p.length() > 1 && p.startsWith("0"));
      return Optional.of(padded
          ? "\"" + text + "\" has a zero-padded part, which some tools read as octal; write it without leading zeros"
          : "\"" + text + "\" is not an IPv4 address (each part is 0-255)");
    }
    return Optional.of("\"" + text + "\" is neither an IP address nor a DNS name");
  }

  /** {@code host:port}, with an IPv6 address in brackets. */
  public static String hostPort(String host, int port) {
    return (isIpv6(host) ? "[" + host + "]" : host) + ":" + port;
  }

  /** {@code scheme://host:port}, with an IPv6 address in brackets. */
  public static String url(String scheme, String host, int port) {
    return scheme + "://" + hostPort(host, port);
  }
}
