package io.slipway.simulator.image;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.spi.ToolProvider;

/**
 * A small Java runtime made with jlink from the JDK Slipway runs on, for the stand-in
 * Kubernetes components (~40 MB instead of ~200 MB for Debian's JRE; every node unpacks it).
 */
final class JavaRuntime {

  /** Modules the stand-in components need; part of the components image's tag. */
  static final List<String> MODULES = List.of("java.base", "java.logging", "java.management", "java.naming",
      "java.net.http", "java.sql", "java.xml", "jdk.crypto.ec", "jdk.httpserver", "jdk.management", "jdk.unsupported");

  private JavaRuntime() {
  }

  /** What identifies the runtime's content: the JDK version and the module list. */
  static String fingerprint() {
    return Runtime.version() + " " + String.join(",", MODULES);
  }

  /** Links the runtime into {@code target}, which must not exist yet. */
  static void link(Path target) {
    ToolProvider jlink = ToolProvider.findFirst("jlink").orElseThrow(() -> new ImageBuildException(
        "jlink is not available in " + System.getProperty("java.home")
            + "; run Slipway with a full JDK 17 (not a JRE) so it can build the components image"));
    StringWriter out = new StringWriter();
    int exit = jlink.run(new PrintWriter(out), new PrintWriter(out),
        "--add-modules", String.join(",", MODULES), "--strip-debug", "--no-header-files", "--no-man-pages",
        "--compress=2", "--output", target.toString());
    if (exit != 0) {
      throw new ImageBuildException("jlink failed (exit " + exit + "): " + out.toString().strip());
    }
  }
}
