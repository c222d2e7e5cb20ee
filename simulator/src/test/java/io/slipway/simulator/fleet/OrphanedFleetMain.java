package io.slipway.simulator.fleet;

import io.slipway.engine.config.Role;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** Starts a scoped one-node fleet, prints its run id and waits to be killed (FleetReaperIT). */
public final class OrphanedFleetMain {

  private OrphanedFleetMain() {
  }

  public static void main(String[] args) throws InterruptedException {
    ContainerFleet fleet = ContainerFleet.start(new FleetSpec(args[0], List.of(NodeSpec.of("a", Role.WORKER))),
        FleetOptions.scoped(Path.of(args[1])));
    System.out.println("fleet-run " + fleet.runId());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
