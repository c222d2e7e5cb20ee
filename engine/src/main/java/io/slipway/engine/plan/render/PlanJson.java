package io.slipway.engine.plan.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.engine.plan.Addon;
import io.slipway.engine.plan.ContainerSpec;
import io.slipway.engine.plan.DrainSettings;
import io.slipway.engine.plan.FileSource;
import io.slipway.engine.plan.Plan;
import io.slipway.engine.plan.Step;
import io.slipway.engine.plan.StepId;
import java.util.Locale;

/**
 * A plan as JSON, format {@code slipway.plan/v1}: steps in plan order,
 * each with id, phase, kind, its fields and the ids it waits for ({@code after}).
 * Key order is fixed, so equal plans give byte-identical output.
 */
public final class PlanJson {

  public static final String FORMAT = "slipway.plan/v1";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private PlanJson() {
  }

  public static String render(Plan plan) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    ArrayNode steps = root.putArray("steps");
    for (Step step : plan.steps()) {
      ObjectNode node = steps.addObject();
      node.put("id", step.id().toString());
      node.put("host", step.id().host());
      node.put("name", step.id().name());
      node.put("phase", step.phase().label());
      fields(step, node);
      ArrayNode after = node.putArray("after");
      plan.dependenciesOf(step.id()).stream().map(StepId::toString).forEach(after::add);
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a plan always serializes", e);
    }
  }

  private static void fields(Step step, ObjectNode node) {
    step.accept(new Step.Visitor<ObjectNode, RuntimeException>() {
      @Override
      public ObjectNode writeFile(Step.WriteFile write) {
        node.put("kind", "write-file").put("path", write.path()).put("mode", String.format("%04o", write.mode()));
        if (write.source() instanceof FileSource.Pki pki) {
          return node.putObject("source").put("pki", pki.name())
              .put("part", pki.part().name().toLowerCase(Locale.ROOT));
        }
        return node.putObject("source").put("text", ((FileSource.Text) write.source()).content());
      }

      @Override
      public ObjectNode pullImage(Step.PullImage pull) {
        return node.put("kind", "pull-image").put("image", pull.image());
      }

      @Override
      public ObjectNode runContainer(Step.RunContainer run) {
        node.put("kind", "run-container").put("action", run.change().action().word());
        run.change().reasons().forEach(node.putArray("reasons")::add);
        return node.set("container", container(run.spec(), node));
      }

      @Override
      public ObjectNode removeContainer(Step.RemoveContainer remove) {
        return node.put("kind", "remove-container").put("container", remove.container().name());
      }

      @Override
      public ObjectNode etcdMember(Step.EtcdMember member) {
        return node.put("kind", member.add() ? "etcd-member-add" : "etcd-member-remove").put("member", member.member())
            .put("peerUrl", member.peerUrl());
      }

      @Override
      public ObjectNode deletePath(Step.DeletePath delete) {
        return node.put("kind", "delete-path").put("path", delete.path());
      }

      @Override
      public ObjectNode deleteNode(Step.DeleteNode delete) {
        return node.put("kind", "delete-node").put("node", delete.node());
      }

      @Override
      public ObjectNode cordon(Step.Cordon cordon) {
        node.put("kind", "cordon").put("node", cordon.node());
        if (cordon.drain() != null) {
          DrainSettings d = cordon.drain();
          node.putObject("drain").put("force", d.force()).put("ignore_daemonsets", d.ignoreDaemonsets())
              .put("delete_local_data", d.deleteLocalData()).put("grace_period", d.gracePeriodSeconds())
              .put("timeout_s", d.timeout().toSeconds());
        }
        return node;
      }

      @Override
      public ObjectNode uncordon(Step.Uncordon uncordon) {
        return node.put("kind", "uncordon").put("node", uncordon.node());
      }

      @Override
      public ObjectNode labelNode(Step.LabelNode label) {
        node.put("kind", "label-node").put("node", label.node());
        label.labels().forEach(node.putObject("labels")::put);
        ArrayNode taints = node.putArray("taints");
        label.taints().forEach(t -> taints.addObject().put("key", t.key()).put("value", t.value()).put("effect", t.effect()));
        return node;
      }

      @Override
      public ObjectNode healthCheck(Step.HealthCheck check) {
        return node.put("kind", "health-check").put("container", check.container()).put("url", check.url())
            .put("attempts", check.attempts()).put("intervalSeconds", check.interval().toSeconds());
      }

      @Override
      public ObjectNode deployAddon(Step.DeployAddon deploy) {
        node.put("kind", "deploy-addon").put("addon", deploy.addon().name()).put("job", deploy.addon().jobName())
            .put("node", deploy.node()).put("image", deploy.image()).put("timeoutSeconds", deploy.timeout().toSeconds());
        if (deploy.addon().manifest() instanceof Addon.Inline inline) {
          return node.put("manifest", inline.yaml());
        }
        ((Addon.Files) deploy.addon().manifest()).paths().forEach(node.putArray("files")::add);
        return node;
      }

      @Override
      public ObjectNode removePodContainers(Step.RemovePodContainers remove) {
        return node.put("kind", "remove-pod-containers");
      }

      @Override
      public ObjectNode removeAddon(Step.RemoveAddon remove) {
        return node.put("kind", "remove-addon").put("addon", remove.addon()).put("reason", remove.reason())
            .put("job", remove.deleteJob()).put("node", remove.node()).put("image", remove.image())
            .put("timeoutSeconds", remove.timeout().multipliedBy(2).toSeconds());
      }

      @Override
      public ObjectNode gate(Step.Gate gate) {
        return node.put("kind", "gate");
      }
    });
  }

  private static ObjectNode container(ContainerSpec spec, ObjectNode parent) {
    ObjectNode c = parent.objectNode();
    c.put("name", spec.name()).put("image", spec.image());
    spec.command().forEach(c.putArray("command")::add);
    spec.env().forEach(c.putArray("env")::add);
    spec.binds().forEach(c.putArray("binds")::add);
    c.put("networkMode", spec.networkMode()).put("pidMode", spec.pidMode()).put("privileged", spec.privileged())
        .put("restartPolicy", spec.restartPolicy());
    ObjectNode labels = c.putObject("labels");
    spec.labels().forEach(labels::put);
    return c;
  }
}
