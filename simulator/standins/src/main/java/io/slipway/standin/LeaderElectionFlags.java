package io.slipway.standin;

import io.slipway.engine.config.Durations;
import io.slipway.standin.election.LeaderElector;
import picocli.CommandLine.Option;

/** The leader-election flags of the real controller-manager and scheduler, with their defaults. */
public final class LeaderElectionFlags {

  @Option(names = "--leader-elect", defaultValue = "true", arity = "0..1", fallbackValue = "true")
  public boolean enabled;

  @Option(names = "--leader-elect-lease-duration", defaultValue = "15s")
  String leaseDuration;

  @Option(names = "--leader-elect-renew-deadline", defaultValue = "10s")
  String renewDeadline;

  @Option(names = "--leader-elect-retry-period", defaultValue = "2s")
  String retryPeriod;

  public LeaderElector.Timing timing() {
    return new LeaderElector.Timing(Durations.parse(leaseDuration), Durations.parse(renewDeadline),
        Durations.parse(retryPeriod));
  }
}
