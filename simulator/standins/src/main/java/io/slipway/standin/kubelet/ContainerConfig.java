package io.slipway.standin.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.engine.config.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One container of a pod as Docker runs it, translated as the dockershim kubelet did: the
 * pod's {@code command} replaces the image's entrypoint and {@code args} its command; {@code env}
 * with literal values and the pod fields the downward API gives most often; the CPU limit as
 * a CPU quota, the memory limit as a memory limit, the CPU request as CPU shares (1024 a core,
 * at least 2).
 */
record ContainerConfig(String name, String image, List<String> entrypoint, List<String> cmd, List<String> env,
    String workingDir, long memoryBytes, long nanoCpus, int cpuShares, String pullPolicy, boolean standsIn) {

  /** The workload image's entrypoint for a container whose image the fleet does not carry. */
  static final String STAND_IN_ENTRYPOINT = "/standin-exec";

  /** {@code container} of {@code pod}. */
  static ContainerConfig of(JsonNode pod, JsonNode container) {
    JsonNode resources = container.path("resources");
    String image = container.path("image").asText();
    return new ContainerConfig(container.path("name").asText(), image, strings(container.path("command")),
        strings(container.path("args")), env(pod, container.path("env")), container.path("workingDir").asText(""),
        quantity(resources.path("limits").path("memory"), BigDecimal.ONE).longValue(),
        quantity(resources.path("limits").path("cpu"), BigDecimal.valueOf(1_000_000_000L)).longValue(),
        shares(resources), pullPolicy(container, image), false);
  }

  /**
   * This container run as the workload image in place of an image the fleet does not carry:
   * through the image's {@value #STAND_IN_ENTRYPOINT}, which runs the container's command and
   * arguments when the workload image has that program and otherwise stands in for it, answering
   * HTTP on the ports of the container's probes and declared TCP ports, 200 on the paths of its
   * pod's probes (its {@code SLIPWAY_HTTP_PORTS} and {@code SLIPWAY_HTTP_PATHS}), so that the pod runs and its probes
   * see it healthy. Without any port it answers on 80, as the workload image's own command does.
   * On the node's network a container that names no port answers on none (port 80 there is the
   * node's). An image of RKE's ({@link StandIn#programAbsent}) always stands in, even where the
   * workload image has a program of the same name ({@code cp}, {@code sh}); and a container that
   * runs to completion (an init container, a job's) stands in by exiting 0 at once, as if its
   * program had done its work.
   */
  ContainerConfig standingIn(JsonNode pod, JsonNode container, StandIn how) {
    Set<Integer> ports = new TreeSet<>();
    Set<String> paths = new TreeSet<>();
    for (String kind : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
      JsonNode probe = container.path(kind);
      for (String action : List.of("httpGet", "tcpSocket")) {
        if (probe.has(action)) {
          try {
            ports.add(Probes.port(probe.path(action).path("port"), container));
          } catch (IllegalArgumentException e) {
            // a port name the container does not declare: that probe fails, as the real one would
          }
        }
      }
    }
    // every probe path of the pod: containers of a pod share its network, and the one that gets a
    // port both probe answers for both (kube-dns's three containers are probed on one port)
    for (JsonNode each : pod.path("spec").path("containers")) {
      for (String kind : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
        String path = each.path(kind).path("httpGet").path("path").asText("");
        if (path.startsWith("/") && path.length() > 1) {
          paths.add(path.replaceAll("[?#].*", ""));
        }
      }
    }
    for (JsonNode port : container.path("ports")) {
      if (port.path("protocol").asText("TCP").equals("TCP") && port.path("containerPort").asInt() > 0) {
        ports.add(port.path("containerPort").asInt());
      }
    }
    List<String> command = new ArrayList<>(entrypoint);
    command.addAll(cmd);
    List<String> variables = new ArrayList<>(env);
    variables.add("SLIPWAY_HTTP_PORTS=" + (ports.isEmpty() && how.hostNetwork() ? "none"
        : String.join(" ", ports.stream().map(String::valueOf).toList())));
    variables.add("SLIPWAY_HTTP_PATHS=" + String.join(" ", paths));
    if (how.programAbsent()) {
      variables.add("SLIPWAY_STAND_IN_ALWAYS=1");
    }
    if (how.runsToCompletion()) {
      variables.add("SLIPWAY_STAND_IN_COMPLETES=1");
    }
    return new ContainerConfig(name, image, List.of(STAND_IN_ENTRYPOINT), List.copyOf(command), List.copyOf(variables),
        workingDir, memoryBytes, nanoCpus, cpuShares, pullPolicy, true);
  }

  /**
   * How a container stands in: whether its image is one of RKE's, whose programs never run here;
   * whether it runs to completion (an init container, or its pod's restart policy is not Always);
   * whether its pod is on the node's network.
   */
  record StandIn(boolean programAbsent, boolean runsToCompletion, boolean hostNetwork) {
  }

  /** This container with {@code defaults} ({@code NAME=value}) added for every name its own env does not set. */
  ContainerConfig withDefaultEnv(List<String> defaults) {
    List<String> merged = new ArrayList<>();
    for (String variable : defaults) {
      String name = variable.substring(0, variable.indexOf('=') + 1);
      if (env.stream().noneMatch(own -> own.startsWith(name))) {
        merged.add(variable);
      }
    }
    if (merged.isEmpty()) {
      return this;
    }
    merged.addAll(env);
    return new ContainerConfig(name, image, entrypoint, cmd, List.copyOf(merged), workingDir, memoryBytes, nanoCpus,
        cpuShares, pullPolicy, standsIn);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(item -> out.add(item.asText()));
    return List.copyOf(out);
  }

  private static List<String> env(JsonNode pod, JsonNode env) {
    List<String> out = new ArrayList<>();
    for (JsonNode variable : env) {
      String name = variable.path("name").asText();
      if (variable.has("value")) {
        out.add(name + "=" + variable.path("value").asText());
      } else if (variable.path("valueFrom").has("fieldRef")) {
        String field = variable.path("valueFrom").path("fieldRef").path("fieldPath").asText();
        String value = switch (field) {
          case "metadata.name" -> pod.path("metadata").path("name").asText();
          case "metadata.namespace" -> pod.path("metadata").path("namespace").asText();
          case "metadata.uid" -> pod.path("metadata").path("uid").asText();
          case "spec.nodeName" -> pod.path("spec").path("nodeName").asText();
          case "spec.serviceAccountName" -> pod.path("spec").path("serviceAccountName").asText("default");
          default -> null;
        };
        if (value != null) {
          out.add(name + "=" + value);
        }
      }
    }
    return List.copyOf(out);
  }

  /** {@code quantity × scale}, 0 when absent. */
  private static BigDecimal quantity(JsonNode quantity, BigDecimal scale) {
    return quantity.isMissingNode() || quantity.isNull() ? BigDecimal.ZERO
        : Quantity.parse(quantity.asText()).value().multiply(scale);
  }

  private static int shares(JsonNode resources) {
    JsonNode request = resources.path("requests").has("cpu") ? resources.path("requests").path("cpu")
        : resources.path("limits").path("cpu");
    if (request.isMissingNode()) {
      return 2;
    }
    return Math.max(2, quantity(request, BigDecimal.valueOf(1024)).intValue());
  }

  /** The container's policy, or the API's default: Always for {@code :latest} or no tag, else IfNotPresent. */
  private static String pullPolicy(JsonNode container, String image) {
    if (container.hasNonNull("imagePullPolicy")) {
      return container.get("imagePullPolicy").asText();
    }
    String last = image.substring(image.lastIndexOf('/') + 1);
    return !last.contains(":") || last.endsWith(":latest") ? "Always" : "IfNotPresent";
  }
}
