package io.slipway.engine.cli;

import java.util.List;

/**
 * Commands a module adds to {@code slipway} when it is on the class path, found with
 * {@link java.util.ServiceLoader} (listed in {@code META-INF/services/io.slipway.engine.cli.CommandPlugin}).
 * Each command is a picocli {@code @Command} object; failures it throws are reported as the
 * engine's are (a {@link io.slipway.engine.BadInputException} exits 2).
 */
public interface CommandPlugin {

  List<Object> commands();
}
