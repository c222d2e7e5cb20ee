package io.slipway.engine.cli;

import picocli.CommandLine;

/** Reports the version recorded in the jar's manifest. */
public final class SlipwayVersion implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = SlipwayVersion.class.getPackage().getImplementationVersion();
    return new String[] {"slipway " + (version == null ? "(development build)" : version),
        "Java " + Runtime.version()};
  }
}
