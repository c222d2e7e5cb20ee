package io.slipway.scenarios.model;

import io.slipway.reports.history.Entry.Audit.Address;
import io.slipway.reports.history.Entry.Audit.Difference;
import java.util.List;

/**
 * The {@code audit} section of a scenario that rehearses an operator's cluster.yml
 * ({@code slipway rehearse --cluster} writes it): the operator's file, its topology in words,
 * its single points of failure, the drills (by step id), where each of the file's addresses is
 * in the fleet (as {@code ${node:NAME}} / {@code ${lb:NAME}} / {@code ${lb}} placeholders,
 * filled in when the fleet runs), and how the cluster deployed differs from the file. Addresses
 * and differences are the history's own records, placeholders resolved when recorded.
 */
public record AuditSpec(String source, String topology, List<String> singlePointsOfFailure, List<String> drills,
    List<Address> addresses, List<Difference> changes) {

  public AuditSpec {
    singlePointsOfFailure = List.copyOf(singlePointsOfFailure);
    drills = List.copyOf(drills);
    addresses = List.copyOf(addresses);
    changes = List.copyOf(changes);
  }
}
