package io.slipway.standin.apiserver;

import io.slipway.engine.config.Cidr;
import java.security.SecureRandom;
import java.util.Set;

/**
 * Cluster IPs for Services from {@code --service-cluster-ip-range}: a free address at random,
 * the first (the {@code kubernetes} Service's) kept back. Two apiservers allocating at the same
 * moment may pick the same address (the real one serialises through a bitmap in etcd); with a
 * /16 and a handful of Services that is left as unlikely.
 */
final class ServiceIps {

  private final Cidr range;
  private final SecureRandom random = new SecureRandom();

  ServiceIps(Cidr range) {
    if (range.prefix() > 28) {
      throw new IllegalArgumentException("--service-cluster-ip-range " + range + " is too small");
    }
    this.range = range;
  }

  /** The {@code kubernetes} Service's address: the first of the range. */
  String first() {
    return range.address(1);
  }

  String allocate(Set<String> used) {
    long size = 1L << (32 - range.prefix());
    for (int attempt = 0; attempt < 1000; attempt++) {
      String candidate = range.address(2 + (int) (random.nextLong(size - 3)));
      if (!used.contains(candidate)) {
        return candidate;
      }
    }
    throw new ApiException(500, "InternalError", "no free cluster IP in " + range);
  }
}
