package io.slipway.engine.cli;

import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.Problem;
import io.slipway.engine.config.Strictness;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command that reads a cluster.yml shares. */
public final class ConfigOptions {

  @Option(names = {"-c", "--config"}, paramLabel = "cluster.yml", defaultValue = "cluster.yml",
      description = "The cluster file (default ${DEFAULT-VALUE}).")
  Path file;

  @Option(names = "--strict", description = "Treat unknown keys as errors rather than warnings.")
  boolean strict;

  /** Loads the file; prints its warnings to {@code err}; throws on errors (exit 2). */
  ConfigLoader.Loaded load(PrintWriter err) {
    ConfigLoader.Loaded loaded = ConfigLoader.load(file, strict ? Strictness.STRICT : Strictness.LENIENT);
    for (Problem warning : loaded.warnings()) {
      err.println(warning);
    }
    err.flush();
    return loaded;
  }
}
