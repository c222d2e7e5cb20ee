package io.slipway.standin.kubelet;

import com.sun.management.OperatingSystemMXBean;
import io.slipway.engine.config.Quantity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What the node has. A fleet node declares it in {@code /etc/slipway/capacity} (and in
 * {@code /etc/kubernetes/slipway/capacity}, which a kubelet container sees through RKE's
 * {@code /etc/kubernetes} bind): {@code cpu=32}, {@code memory=64Gi}, {@code ephemeral-storage=100Gi}.
 * Without either file the machine's own processors and memory are reported, as the real kubelet would.
 */
final class NodeCapacity {

  static final Path DEFAULT_FILE = Path.of("/etc/slipway/capacity");
  static final Path IN_KUBERNETES_DIR = Path.of("/etc/kubernetes/slipway/capacity");

  private NodeCapacity() {
  }

  static NodeResources read(Path configured, int maxPods) {
    Path file = configured != null && Files.isReadable(configured) ? configured
        : Files.isReadable(IN_KUBERNETES_DIR) ? IN_KUBERNETES_DIR : null;
    if (file != null) {
      Properties p = new Properties();
      try (var in = Files.newBufferedReader(file)) {
        p.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
      return new NodeResources(quantity(p, "cpu", "2"), quantity(p, "memory", "4Gi"),
          quantity(p, "ephemeral-storage", "20Gi"), maxPods);
    }
    return new NodeResources(BigDecimal.valueOf(Runtime.getRuntime().availableProcessors()),
        BigDecimal.valueOf(physicalMemory()), BigDecimal.valueOf(rootFilesystem()), maxPods);
  }

  private static BigDecimal quantity(Properties p, String key, String fallback) {
    return Quantity.parse(p.getProperty(key, fallback).trim()).value();
  }

  private static long physicalMemory() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof OperatingSystemMXBean sun ? sun.getTotalMemorySize() : 4L << 30;
  }

  private static long rootFilesystem() {
    try {
      return Files.getFileStore(Path.of("/")).getTotalSpace();
    } catch (IOException e) {
      return 20L << 30;
    }
  }
}
