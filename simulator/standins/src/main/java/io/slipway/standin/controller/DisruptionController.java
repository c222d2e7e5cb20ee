package io.slipway.standin.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.standin.apiserver.Selectors;
import io.slipway.standin.client.KubeClient;
import java.util.List;

/**
 * The status of every PodDisruptionBudget: of the active pods it selects, how many are ready
 * ({@code currentHealthy}), how many must stay so ({@code desiredHealthy}, from {@code
 * minAvailable}, or the pods less {@code maxUnavailable}; a percentage of the pods, rounded up)
 * and so how many may be evicted now ({@code disruptionsAllowed}). A pod an eviction has spent
 * the budget on ({@code disruptedPods}) is not counted healthy while it is still listed, and the
 * status is written compare-and-swap against the budget as read before the pods: a disruption
 * is never handed out twice, whichever way an eviction and a pass interleave. An empty selector
 * selects nothing, as in policy/v1beta1.
 */
final class DisruptionController {

  static final String BUDGETS = "/apis/policy/v1beta1/poddisruptionbudgets";

  /** {@code pods} were listed at the start of this pass. */
  void sync(KubeClient client, List<ObjectNode> pods) {
    List<ObjectNode> budgets = client.list(BUDGETS, null);
    Owned.each("disruption", budgets, pdb -> {
      List<ObjectNode> selected = pods.stream().filter(pod -> Owned.namespace(pod).equals(Owned.namespace(pdb)))
          .filter(Owned::active).filter(pod -> Selectors.budgetSelects(pdb.path("spec").path("selector"), pod)).toList();
      JsonNode disrupted = pdb.path("status").path("disruptedPods");
      int expected = selected.size();
      int healthy = (int) selected.stream().filter(Owned::ready).filter(pod -> !disrupted.has(Owned.name(pod))).count();
      JsonNode spec = pdb.path("spec");
      int desired = spec.has("minAvailable") ? Owned.scaled(spec.path("minAvailable"), expected, true)
          : Math.max(0, expected - Owned.scaled(spec.path("maxUnavailable"), expected, true));
      ObjectNode status = client.json().createObjectNode()
          .put("observedGeneration", pdb.path("metadata").path("generation").asLong(1))
          .put("disruptionsAllowed", Math.max(0, healthy - desired)).put("currentHealthy", healthy)
          .put("desiredHealthy", desired).put("expectedPods", expected);
      ObjectNode stillDisrupted = status.putObject("disruptedPods");
      selected.stream().map(Owned::name).filter(disrupted::has).forEach(name -> stillDisrupted.set(name,
          disrupted.get(name)));
      if (!Owned.same(client, status, pdb.path("status"))) {
        ObjectNode updated = pdb.deepCopy();
        updated.set("status", status);
        client.update("/apis/policy/v1beta1/namespaces/" + Owned.namespace(pdb) + "/poddisruptionbudgets/"
            + Owned.name(pdb) + "/status", updated);
      }
    });
  }
}
