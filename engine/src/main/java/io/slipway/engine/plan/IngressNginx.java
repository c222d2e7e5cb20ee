package io.slipway.engine.plan;

import static io.slipway.engine.plan.SystemAddons.integer;
import static io.slipway.engine.plan.SystemAddons.or;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.engine.config.ClusterConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * RKE's ingress controller addon ({@value #NAME}; cluster.yml's {@code ingress}, provider nginx
 * unless {@code none}): the objects of RKE's template for the version. From 1.21: the
 * {@code nginx-ingress-controller} DaemonSet on the workers on host ports (80 and 443, or
 * {@code http_port} and {@code https_port}), its admission webhook with the jobs that make its
 * certificate, the default IngressClass {@code nginx}; before 1.21 the 0.3x controller on the
 * nodes' network with a default HTTP backend. {@code network_mode}, {@code default_backend},
 * {@code default_ingress_class}, {@code options}, {@code extra_args}, {@code extra_envs},
 * {@code extra_volumes}, {@code extra_volume_mounts}, {@code dns_policy}, {@code node_selector},
 * {@code tolerations}, {@code update_strategy} and the priority classes as RKE applies them.
 */
final class IngressNginx {

  static final String NAME = "rke-ingress-controller";

  /** cluster.yml without {@code ingress}: every setting RKE's default. */
  private static final ClusterConfig.Ingress UNSET = new ClusterConfig.Ingress(null, null, null, null, null, null, null,
      null, null, null, null, null, null, null, null, null, null);

  private IngressNginx() {
  }

  static Optional<Addon> of(ClusterConfig config, int minor) {
    ClusterConfig.Ingress ingress = config.ingress() != null ? config.ingress() : UNSET;
    if (!or(ingress.provider(), "nginx").equals("nginx")) {
      return Optional.empty();
    }
    boolean modern = minor >= 21;
    String networkMode = or(ingress.networkMode(), modern ? "hostPort" : "hostNetwork");
    boolean defaultBackend = ingress.defaultBackend() != null ? ingress.defaultBackend() : !modern;
    boolean defaultClass = ingress.defaultIngressClass() == null || ingress.defaultIngressClass();
    Map<String, String> extraArgs = new TreeMap<>(ingress.extraArgs() == null ? Map.of() : ingress.extraArgs());
    if (modern) {
      extraArgs.putIfAbsent("watch-ingress-without-class", "true");  // RKE adds it for controllers from 1.1.0
    }
    String electionId = defaultClass ? "ingress-controller-leader-nginx" : "ingress-controller-leader";
    List<Object> mounts = new ArrayList<>();
    List<Object> volumes = new ArrayList<>();
    if (modern) {
      mounts.add(Map.of("name", "webhook-cert", "mountPath", "/usr/local/certificates/", "readOnly", true));
      volumes.add(Map.of("name", "webhook-cert", "secret", Map.of("secretName", "ingress-nginx-admission")));
    }
    mounts.addAll(list(ingress.extraVolumeMounts()));
    volumes.addAll(list(ingress.extraVolumes()));

    List<ObjectNode> objects = new ArrayList<>(ManifestTemplate.of(modern ? "ingress-nginx" : "ingress-nginx-legacy")
        .with("options", ingress.options() == null || ingress.options().isEmpty() ? null : ingress.options())
        .with("electionId", electionId)
        .with("updateStrategy", SystemAddons.updateStrategy(ingress.updateStrategy(), 1))
        .with("dnsPolicy", or(ingress.dnsPolicy(), null))
        .with("hostNetwork", networkMode.equals("hostNetwork") ? true : null)
        .with("nodeSelector", SystemAddons.nodeSelector(Map.of(), ingress.nodeSelector()))
        .with("priorityClassName", or(ingress.nginxIngressControllerPriorityClassName(), null))
        .with("image", config.systemImage("ingress"))
        .with("args", args(modern, defaultBackend, electionId, extraArgs))
        .with("env", env(ingress, modern))
        .with("ports", ports(ingress, networkMode, extraArgs, modern))
        .with("volumeMounts", mounts.isEmpty() ? null : mounts)
        .with("volumes", volumes.isEmpty() ? null : volumes)
        .with("webhookImage", modern ? config.systemImage("ingress_webhook") : null)
        .with("jobNodeSelector", SystemAddons.nodeSelector(Map.of("kubernetes.io/os", "linux"),
            ingress.nodeSelector()))
        .with("ingressClassAnnotations", defaultClass ? Map.of("ingressclass.kubernetes.io/is-default-class", "true")
            : null)
        .objects());
    if (defaultBackend) {
      objects.addAll(ManifestTemplate.of("ingress-default-backend")
          .with("priorityClassName", or(ingress.defaultHttpBackendPriorityClassName(), null))
          .with("tolerations", ingress.tolerations() != null && !ingress.tolerations().isEmpty()
              ? ingress.tolerations() : List.of(SystemAddons.toleration(null, "NoExecute"),
              SystemAddons.toleration(null, "NoSchedule")))
          .with("image", config.systemImage("ingress_backend"))
          .objects());
    }
    return Optional.of(new Addon(NAME, new Addon.Inline(ManifestTemplate.yaml(SystemAddons.rbac(config, objects))),
        false));
  }

  /** The controller's arguments, RKE's for the template and then cluster.yml's {@code extra_args}. */
  private static List<String> args(boolean modern, boolean defaultBackend, String electionId,
      Map<String, String> extraArgs) {
    List<String> args = new ArrayList<>(List.of("/nginx-ingress-controller"));
    if (defaultBackend) {
      args.add("--default-backend-service=$(POD_NAMESPACE)/default-http-backend");
    }
    if (modern) {
      args.addAll(List.of("--election-id=" + electionId, "--controller-class=k8s.io/ingress-nginx",
          "--configmap=$(POD_NAMESPACE)/ingress-nginx-controller",
          "--tcp-services-configmap=$(POD_NAMESPACE)/tcp-services",
          "--udp-services-configmap=$(POD_NAMESPACE)/udp-services", "--validating-webhook=:8443",
          "--validating-webhook-certificate=/usr/local/certificates/cert",
          "--validating-webhook-key=/usr/local/certificates/key"));
    } else {
      args.addAll(List.of("--configmap=$(POD_NAMESPACE)/nginx-configuration",
          "--election-id=ingress-controller-leader", "--ingress-class=nginx",
          "--tcp-services-configmap=$(POD_NAMESPACE)/tcp-services",
          "--udp-services-configmap=$(POD_NAMESPACE)/udp-services",
          "--annotations-prefix=nginx.ingress.kubernetes.io"));
    }
    extraArgs.forEach((key, value) -> args.add("--" + key + (value == null || value.isEmpty() ? "" : "=" + value)));
    return args;
  }

  /** The controller's environment: its pod's name and namespace, then cluster.yml's {@code extra_envs}. */
  private static List<Object> env(ClusterConfig.Ingress ingress, boolean modern) {
    List<Object> env = new ArrayList<>(List.of(
        Map.of("name", "POD_NAME", "valueFrom", Map.of("fieldRef", Map.of("fieldPath", "metadata.name"))),
        Map.of("name", "POD_NAMESPACE", "valueFrom", Map.of("fieldRef", Map.of("fieldPath", "metadata.namespace")))));
    if (modern) {
      env.add(Map.of("name", "LD_PRELOAD", "value", "/usr/local/lib/libmimalloc.so"));
    }
    env.addAll(list(ingress.extraEnvs()));
    return env;
  }

  /** The controller's ports: on the node's network 80 and 443; on host ports, mapped from http_port and https_port. */
  private static List<Object> ports(ClusterConfig.Ingress ingress, String networkMode, Map<String, String> extraArgs,
      boolean modern) {
    int httpPort = ingress.httpPort() == null || ingress.httpPort() == 0 ? 80 : ingress.httpPort();
    int httpsPort = ingress.httpsPort() == null || ingress.httpsPort() == 0 ? 443
        : ingress.httpsPort();
    List<Object> ports = new ArrayList<>();
    if (networkMode.equals("hostNetwork")) {
      ports.add(port("http", 80, null, modern));
      ports.add(port("https", 443, null, modern));
    } else {
      int http = integer(extraArgs.get("http-port"), 80);
      int https = integer(extraArgs.get("https-port"), 443);
      boolean mapped = networkMode.equals("hostPort");
      ports.add(port("http", http, mapped ? httpPort : null, modern));
      ports.add(port("https", https, mapped ? httpsPort : null, modern));
    }
    if (modern) {
      ports.add(port("webhook", 8443, null, true));
    }
    return ports;
  }

  private static Map<String, Object> port(String name, int containerPort, Integer hostPort, boolean protocol) {
    Map<String, Object> port = new LinkedHashMap<>();
    port.put("name", name);
    port.put("containerPort", containerPort);
    if (hostPort != null) {
      port.put("hostPort", hostPort);
    }
    if (protocol) {
      port.put("protocol", "TCP");
    }
    return port;
  }

  private static List<Object> list(List<JsonNode> nodes) {
    return nodes == null ? List.of() : List.copyOf(nodes);
  }
}
