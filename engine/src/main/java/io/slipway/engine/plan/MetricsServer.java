package io.slipway.engine.plan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.engine.config.ClusterConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * RKE's metrics-server addon ({@value #NAME}; cluster.yml's {@code monitoring}, provider
 * {@code metrics-server} unless {@code none}): the objects of RKE's template for the version —
 * its service account, the aggregated API's registration ({@code v1beta1.metrics.k8s.io}), the
 * roles and bindings it needs, its Service, and its Deployment of {@code system_images.metrics_server}
 * with {@code monitoring.replicas} (1), {@code node_selector}, {@code tolerations} and
 * {@code metrics_server_priority_class_name}; before 1.20 the metrics-server 0.3 form (its flags
 * as the command, port 443), from 1.20 the 0.5 form (arguments, port 4443, /livez and /readyz
 * probes, requests 100m / 200Mi). Written from the template's facts, not copied.
 */
final class MetricsServer {

  static final String NAME = "rke-metrics-addon";
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String SYSTEM = "kube-system";
  private static final String RBAC = "rbac.authorization.k8s.io/v1";

  private MetricsServer() {
  }

  /** The addon, or empty when {@code monitoring.provider} is {@code none}. */
  static Optional<Addon> of(ClusterConfig config, int minor) {
    ClusterConfig.Monitoring monitoring = config.monitoring();
    String provider = monitoring == null || monitoring.provider() == null || monitoring.provider().isEmpty()
        ? "metrics-server" : monitoring.provider();
    if (!provider.equals("metrics-server")) {
      return Optional.empty();
    }
    List<ObjectNode> objects = objects(config.systemImage("metrics_server"), monitoring, minor);
    return Optional.of(new Addon(NAME, new Addon.Inline(ManifestTemplate.yaml(SystemAddons.rbac(config, objects))),
        false));
  }

  private static List<ObjectNode> objects(String image, ClusterConfig.Monitoring monitoring, int minor) {
    boolean modern = minor >= 20;
    int port = modern ? 4443 : 443;
    List<ObjectNode> objects = new ArrayList<>();
    objects.add(binding("ClusterRoleBinding", "metrics-server:system:auth-delegator", null, "ClusterRole",
        "system:auth-delegator"));
    objects.add(binding("RoleBinding", "metrics-server-auth-reader", SYSTEM, "Role",
        "extension-apiserver-authentication-reader"));
    ObjectNode apiService = object("apiregistration.k8s.io/v1", "APIService", "v1beta1.metrics.k8s.io", null);
    apiService.putObject("spec").put("group", "metrics.k8s.io").put("version", "v1beta1")
        .put("insecureSkipTLSVerify", true).put("groupPriorityMinimum", 100).put("versionPriority", 100)
        .putObject("service").put("name", "metrics-server").put("namespace", SYSTEM);
    objects.add(apiService);
    ObjectNode role = object(RBAC, "ClusterRole", "system:metrics-server", null);
    ObjectNode rule = role.putArray("rules").addObject();
    rule.putArray("apiGroups").add("");
    strings(rule.putArray("resources"), "pods", "nodes", "nodes/stats", "namespaces", "configmaps");
    strings(rule.putArray("verbs"), "get", "list", "watch");
    objects.add(role);
    objects.add(binding("ClusterRoleBinding", "system:metrics-server", null, "ClusterRole", "system:metrics-server"));
    objects.add(object("v1", "ServiceAccount", "metrics-server", SYSTEM));
    objects.add(deployment(image, monitoring, modern, port));
    ObjectNode service = object("v1", "Service", "metrics-server", SYSTEM);
    service.with("metadata").putObject("labels").put("kubernetes.io/name", "Metrics-server")
        .put("kubernetes.io/cluster-service", "true");
    ObjectNode spec = service.putObject("spec");
    spec.putObject("selector").put("k8s-app", "metrics-server");
    spec.putArray("ports").addObject().put("port", 443).put("protocol", "TCP").put("targetPort", port);
    objects.add(service);
    return objects;
  }

  private static ObjectNode deployment(String image, ClusterConfig.Monitoring monitoring, boolean modern, int port) {
    ObjectNode deployment = object("apps/v1", "Deployment", "metrics-server", SYSTEM);
    deployment.with("metadata").putObject("labels").put("k8s-app", "metrics-server");
    ObjectNode spec = deployment.putObject("spec");
    spec.put("replicas", monitoring == null || monitoring.replicas() == null ? 1 : monitoring.replicas());
    spec.putObject("selector").putObject("matchLabels").put("k8s-app", "metrics-server");
    if (monitoring != null && monitoring.updateStrategy() != null && !monitoring.updateStrategy().isEmpty()) {
      spec.set("strategy", monitoring.updateStrategy().deepCopy());
    }
    ObjectNode template = spec.putObject("template");
    template.putObject("metadata").put("name", "metrics-server").putObject("labels").put("k8s-app", "metrics-server");
    ObjectNode pod = template.putObject("spec").put("serviceAccountName", "metrics-server");
    if (monitoring != null && monitoring.metricsServerPriorityClassName() != null
        && !monitoring.metricsServerPriorityClassName().isEmpty()) {
      pod.put("priorityClassName", monitoring.metricsServerPriorityClassName());
    }
    ObjectNode selector = pod.putObject("nodeSelector");
    if (monitoring != null && monitoring.nodeSelector() != null) {
      monitoring.nodeSelector().forEach(selector::put);
    }
    if (selector.isEmpty()) {
      pod.remove("nodeSelector");
    }
    if (monitoring != null && monitoring.tolerations() != null && !monitoring.tolerations().isEmpty()) {
      ArrayNode tolerations = pod.putArray("tolerations");
      monitoring.tolerations().forEach(t -> tolerations.add(t.deepCopy()));
    }
    ObjectNode container = pod.putArray("containers").addObject().put("name", "metrics-server").put("image", image)
        .put("imagePullPolicy", "IfNotPresent");
    List<String> flags = new ArrayList<>(modern ? List.of("--cert-dir=/tmp", "--secure-port=" + port) : List.of());
    flags.add("--kubelet-insecure-tls");
    flags.add("--kubelet-preferred-address-types=InternalIP");
    flags.add(modern ? "--metric-resolution=15s" : "--logtostderr");
    if (monitoring != null && monitoring.options() != null) {
      monitoring.options().forEach((key, value) -> flags.add("--" + key + "=" + value));
    }
    if (modern) {
      strings(container.putArray("args"), flags.toArray(String[]::new));
      container.putArray("ports").addObject().put("name", "https").put("containerPort", port).put("protocol", "TCP");
      for (Map.Entry<String, String> probe : Map.of("livenessProbe", "/livez", "readinessProbe", "/readyz").entrySet()) {
        container.putObject(probe.getKey()).put("periodSeconds", 10).put("failureThreshold", 3)
            .putObject("httpGet").put("path", probe.getValue()).put("port", "https").put("scheme", "HTTPS");
      }
      container.putObject("resources").putObject("requests").put("cpu", "100m").put("memory", "200Mi");
      container.putArray("volumeMounts").addObject().put("name", "tmp-dir").put("mountPath", "/tmp");
      pod.putArray("volumes").addObject().put("name", "tmp-dir").putObject("emptyDir");
    } else {
      ArrayNode command = container.putArray("command").add("/metrics-server");
      flags.forEach(command::add);
    }
    return deployment;
  }

  private static ObjectNode binding(String kind, String name, String namespace, String roleKind, String role) {
    ObjectNode binding = object(RBAC, kind, name, namespace);
    binding.putObject("roleRef").put("apiGroup", "rbac.authorization.k8s.io").put("kind", roleKind).put("name", role);
    binding.putArray("subjects").addObject().put("kind", "ServiceAccount").put("name", "metrics-server")
        .put("namespace", SYSTEM);
    return binding;
  }

  private static ObjectNode object(String apiVersion, String kind, String name, String namespace) {
    ObjectNode object = F.objectNode().put("apiVersion", apiVersion).put("kind", kind);
    ObjectNode metadata = object.putObject("metadata").put("name", name);
    if (namespace != null) {
      metadata.put("namespace", namespace);
    }
    return object;
  }

  private static void strings(ArrayNode array, String... values) {
    for (String value : values) {
      array.add(value);
    }
  }
}
