package io.slipway.simulator.cli;

import io.slipway.engine.config.ConfigException;
import io.slipway.engine.config.Location;
import io.slipway.engine.config.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/** Fleet names given on the command line, and where a named fleet keeps its files. */
final class FleetNames {

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,40}[a-z0-9])?");

  private FleetNames() {
  }

  static String checked(String name) {
    if (!DNS_LABEL.matcher(name).matches()) {
      throw new ConfigException(List.of(Problem.error(Location.startOf("--name"), "",
          "\"" + name + "\" is not a valid fleet name; use lower-case letters, digits and '-', at most 42 characters")));
    }
    return name;
  }

  static Path defaultDirectory(String name) {
    return Path.of(System.getProperty("user.home"), ".slipway", "fleets", name);
  }
}
