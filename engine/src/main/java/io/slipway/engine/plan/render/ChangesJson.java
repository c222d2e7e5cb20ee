package io.slipway.engine.plan.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.engine.plan.ContainerChange;
import io.slipway.engine.plan.PlanChanges;
import java.util.List;
import java.util.Locale;

/**
 * What {@code up} would change, as JSON ({@code slipway.plan-changes/v1}): a {@code changes}
 * array of {@code {host, container|file|member|path|node, action, reasons}}, the counts, and the
 * nodes left as they are. Key order is fixed.
 */
public final class ChangesJson {

  public static final String FORMAT = "slipway.plan-changes/v1";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ChangesJson() {
  }

  public static String render(PlanChanges changes, String source, List<String> leftAsTheyWere) {
    ObjectNode root = JSON.createObjectNode().put("format", FORMAT).put("observed", source);
    ArrayNode list = root.putArray("changes");
    for (PlanChanges.Entry entry : changes.entries()) {
      ObjectNode node = list.addObject().put("host", entry.host());
      String subject = switch (entry.kind()) {
        case CONTAINER -> "container";
        case FILE -> "file";
        case ADDON -> "addon";
        case CLUSTER -> entry.action().startsWith("etcd") ? "member" : entry.action().equals("delete node") ? "node"
            : "path";
      };
      node.put(subject, entry.subject()).put("action", entry.action());
      entry.reasons().forEach(node.putArray("reasons")::add);
    }
    ObjectNode summary = root.putObject("summary");
    for (ContainerChange.Action action : ContainerChange.Action.values()) {
      summary.put(action == ContainerChange.Action.KEEP ? "unchanged" : action.word().toLowerCase(Locale.ROOT),
          changes.count(action));
    }
    summary.put("files", changes.files());
    leftAsTheyWere.forEach(root.putArray("leftAsTheyAre")::add);
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("changes always serialize", e);
    }
  }
}
