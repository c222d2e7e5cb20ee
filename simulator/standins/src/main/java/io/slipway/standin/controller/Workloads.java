package io.slipway.standin.controller;

import io.slipway.standin.client.KubeClient;
import java.time.Clock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workload controllers of the controller-manager, one pass each: service accounts and
 * their tokens, garbage collection, Deployments, ReplicaSets, DaemonSets, Endpoints,
 * PodDisruptionBudgets, Jobs. Each reads the cluster afresh (what one
 * changed, the next sees); one failing does not keep the others from their pass.
 */
public final class Workloads {

  private static final Logger LOG = LoggerFactory.getLogger(Workloads.class);
  private static final String PODS = "/api/v1/pods";

  private final GarbageCollector garbage = new GarbageCollector();
  private final DeploymentController deployments;
  private final ReplicaSetController replicaSets = new ReplicaSetController();
  private final DaemonSetController daemonSets = new DaemonSetController();
  private final EndpointsController endpoints = new EndpointsController();
  private final DisruptionController disruption = new DisruptionController();
  private final JobController jobs;
  private final ServiceAccountsController serviceAccounts;

  /** {@code rootCa}: the cluster CA's PEM, handed to pods in their service accounts' token secrets. */
  public Workloads(Clock clock, byte[] rootCa) {
    this.deployments = new DeploymentController(clock);
    this.jobs = new JobController(clock);
    this.serviceAccounts = new ServiceAccountsController(rootCa);
  }

  public void sync(KubeClient client) {
    pass("serviceaccount", client, serviceAccounts::sync);
    pass("garbage collector", client, c -> garbage.sync(c, c.list(PODS, null), c.list(ReplicaSetController.REPLICA_SETS,
        null)));
    pass("deployment", client, deployments::sync);
    pass("replicaset", client, c -> replicaSets.sync(c, c.list(PODS, null)));
    pass("daemonset", client, c -> daemonSets.sync(c, c.list("/api/v1/nodes", null), c.list(PODS, null)));
    pass("endpoints", client, c -> endpoints.sync(c, c.list(PODS, null)));
    pass("disruption", client, disruption::sync);
    pass("job", client, c -> jobs.sync(c, c.list(PODS, null)));
  }

  private static void pass(String controller, KubeClient client, Consumer<KubeClient> sync) {
    try {
      sync.accept(client);
    } catch (RuntimeException e) {
      LOG.warn("{} controller: {}", controller, e.getMessage());
    }
  }
}
