package io.slipway.simulator.image;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the stand-in components' runnable jar (built by Maven's package phase as
 * {@code simulator/target/slipway-standin.jar}, copied beside the distribution's jars) for the
 * components image: {@code SLIPWAY_STANDIN_JAR} when set, else next to the simulator's classes.
 */
final class StandinJar {

  static final String FILE_NAME = "slipway-standin.jar";

  private StandinJar() {
  }

  static Path locate() {
    String configured = System.getenv("SLIPWAY_STANDIN_JAR");
    if (configured != null && !configured.isBlank()) {
      return existing(Path.of(configured));
    }
    try {
      Path code = Path.of(StandinJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // .../simulator/target/classes -> .../simulator/target; .../lib/slipway-simulator.jar -> .../lib
      Path dir = code.getParent();
      return existing(dir.resolve(FILE_NAME));
    } catch (URISyntaxException | NullPointerException e) {
      throw new ImageBuildException("cannot tell where Slipway's jars are; set SLIPWAY_STANDIN_JAR", e);
    }
  }

  private static Path existing(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new ImageBuildException("the stand-in components' jar is missing at " + jar
          + "\n  hint: build it with `mvn package` (bin/slipway and bin/test do), or set SLIPWAY_STANDIN_JAR");
    }
    return jar;
  }
}
