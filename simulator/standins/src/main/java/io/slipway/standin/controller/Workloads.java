package io.slipway.standin.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.standin.client.KubeClient;
import io.slipway.standin.client.KubeClientException;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workload controllers of the controller-manager, one pass each: service accounts and
 * their tokens, garbage collection, Deployments, ReplicaSets, DaemonSets, Endpoints,
 * PodDisruptionBudgets (Jobs have a loop of their own: {@link JobController}). The pods are listed once for the pass, as an informer's cache
 * holds them for the real controllers (a pod one creates, the next sees in the following pass,
 * which its creation wakes); every other kind each reads afresh. One failing does not keep the
 * others from their pass.
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
  private final ServiceAccountsController serviceAccounts;

  /** {@code rootCa}: the cluster CA's PEM, handed to pods in their service accounts' token secrets. */
  public Workloads(Clock clock, byte[] rootCa) {
    this.deployments = new DeploymentController(clock);
    this.serviceAccounts = new ServiceAccountsController(rootCa);
  }

  public void sync(KubeClient client) {
    pass("serviceaccount", client, serviceAccounts::sync);
    List<ObjectNode> pods;
    try {
      pods = client.list(PODS, null);
    } catch (KubeClientException e) {
      LOG.warn("listing the pods: {}", e.getMessage());
      return;
    }
    pass("garbage collector", client, c -> garbage.sync(c, pods, c.list(ReplicaSetController.REPLICA_SETS, null)));
    pass("deployment", client, c -> deployments.sync(c, pods));
    pass("replicaset", client, c -> replicaSets.sync(c, pods));
    pass("daemonset", client, c -> daemonSets.sync(c, c.list("/api/v1/nodes", null), pods));
    pass("endpoints", client, c -> endpoints.sync(c, pods));
    pass("disruption", client, c -> disruption.sync(c, pods));
  }

  private static void pass(String controller, KubeClient client, Consumer<KubeClient> sync) {
    try {
      sync.accept(client);
    } catch (RuntimeException e) {
      LOG.warn("{} controller: {}", controller, e.getMessage());
    }
  }
}
