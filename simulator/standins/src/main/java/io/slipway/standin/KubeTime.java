package io.slipway.standin;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Kubernetes' MicroTime, as Lease renew and acquire times are written: {@code 2026-11-27T15:00:00.000000Z}. */
public final class KubeTime {

  private static final DateTimeFormatter MICRO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private KubeTime() {
  }

  public static String micro(Instant instant) {
    return MICRO_TIME.format(instant);
  }

  /** The Kubernetes version the stand-ins report: {@code SLIPWAY_KUBERNETES_VERSION}, else v1.13.5. */
  public static String version() {
    String version = System.getenv("SLIPWAY_KUBERNETES_VERSION");
    return version == null || version.isBlank() ? "v1.13.5" : version;
  }
}
