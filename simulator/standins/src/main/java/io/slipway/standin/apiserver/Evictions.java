package io.slipway.standin.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.standin.NodeClock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * {@code POST pods/NAME/eviction}, what {@code kubectl drain} does to each pod: refused with 429
 * TooManyRequests while the PodDisruptionBudget selecting the pod allows no disruption
 * (kubectl retries every five seconds); otherwise the budget's {@code disruptionsAllowed} is
 * taken down by one, compare-and-swap, and the pod deleted. A pod not running yet (Pending) or
 * finished, or one no budget selects, is deleted at once, as v1.20 does.
 */
final class Evictions {

  private final ObjectStore store;
  private final ObjectMapper json;

  Evictions(ObjectStore store, ObjectMapper json) {
    this.store = store;
    this.json = json;
  }

  ObjectNode evict(String namespace, String name) {
    ObjectNode pod = store.get(ResourceTypes.PODS, namespace, name);
    String phase = pod.path("status").path("phase").asText("Pending");
    if (phase.equals("Running") || phase.equals("Unknown")) {
      List<ObjectNode> budgets = store.list(ResourceTypes.POD_DISRUPTION_BUDGETS, namespace,
          pdb -> Selectors.budgetSelects(pdb.path("spec").path("selector"), pod)).items();
      if (budgets.size() > 1) {
        throw new ApiException(500, "InternalError", "This pod has more than one PodDisruptionBudget, which the "
            + "eviction subresource does not support.");
      }
      if (budgets.size() == 1) {
        store.patch(ResourceTypes.POD_DISRUPTION_BUDGETS, namespace, budgets.get(0).path("metadata").path("name")
            .asText(), pdb -> spend(pdb, name));
      }
    }
    store.delete(ResourceTypes.PODS, namespace, name);
    ObjectNode status = json.createObjectNode().put("kind", "Status").put("apiVersion", "v1").put("status", "Success")
        .put("code", 201);
    status.putObject("metadata");
    return status;
  }

  private static ObjectNode spend(ObjectNode pdb, String pod) {
    JsonNode status = pdb.path("status");
    if (status.path("observedGeneration").asLong(0) < pdb.path("metadata").path("generation").asLong(1)) {
      throw new ApiException(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget."
          + " The disruption budget " + pdb.path("metadata").path("name").asText() + " is still being processed by the"
          + " server.");
    }
    int allowed = status.path("disruptionsAllowed").asInt(0);
    if (allowed <= 0) {
      throw new ApiException(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.");
    }
    ObjectNode spent = pdb.with("status").put("disruptionsAllowed", allowed - 1);
    spent.with("disruptedPods").put(pod, Instant.now(NodeClock.get()).truncatedTo(ChronoUnit.SECONDS).toString());
    return pdb;
  }
}
