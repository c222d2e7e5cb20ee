package io.slipway.standin.apiserver;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Every type the stand-in serves, as the real apiserver names them. */
public final class ResourceTypes {

  public static final ResourceType NODES = new ResourceType("nodes", "node", "Node", "", "v1", false,
      List.of("no"), List.of("status"));
  public static final ResourceType NAMESPACES = new ResourceType("namespaces", "namespace", "Namespace", "", "v1", false,
      List.of("ns"), List.of("status"));
  public static final ResourceType PODS = new ResourceType("pods", "pod", "Pod", "", "v1", true,
      List.of("po"), List.of("status", "binding", "eviction", "log"));
  public static final ResourceType CONFIGMAPS = new ResourceType("configmaps", "configmap", "ConfigMap", "", "v1", true,
      List.of("cm"), List.of());
  public static final ResourceType SECRETS = new ResourceType("secrets", "secret", "Secret", "", "v1", true,
      List.of(), List.of());
  public static final ResourceType EVENTS = new ResourceType("events", "event", "Event", "", "v1", true,
      List.of("ev"), List.of());
  public static final ResourceType LEASES = new ResourceType("leases", "lease", "Lease", "coordination.k8s.io", "v1",
      true, List.of(), List.of());

  public static final ResourceType SERVICES = new ResourceType("services", "service", "Service", "", "v1", true,
      List.of("svc"), List.of("status"));
  public static final ResourceType ENDPOINTS = new ResourceType("endpoints", "endpoints", "Endpoints", "", "v1", true,
      List.of("ep"), List.of());
  /** Not stored: computed on every read from the health of the components the apiserver knows. */
  public static final ResourceType COMPONENT_STATUSES = new ResourceType("componentstatuses", "componentstatus",
      "ComponentStatus", "", "v1", false, List.of("cs"), List.of());
  public static final ResourceType DEPLOYMENTS = new ResourceType("deployments", "deployment", "Deployment", "apps",
      "v1", true, List.of("deploy"), List.of("status", "scale"));
  public static final ResourceType REPLICA_SETS = new ResourceType("replicasets", "replicaset", "ReplicaSet", "apps",
      "v1", true, List.of("rs"), List.of("status", "scale"));
  public static final ResourceType DAEMON_SETS = new ResourceType("daemonsets", "daemonset", "DaemonSet", "apps", "v1",
      true, List.of("ds"), List.of("status"));

  public static final ResourceType JOBS = new ResourceType("jobs", "job", "Job", "batch", "v1", true, List.of(),
      List.of("status"));

  /** Not stored: answered at once ({@code kubectl auth can-i}). */
  public static final ResourceType SELF_SUBJECT_ACCESS_REVIEWS = new ResourceType("selfsubjectaccessreviews",
      "selfsubjectaccessreview", "SelfSubjectAccessReview", "authorization.k8s.io", "v1", false, List.of(), List.of());

  public static final ResourceType SERVICE_ACCOUNTS = new ResourceType("serviceaccounts", "serviceaccount",
      "ServiceAccount", "", "v1", true, List.of("sa"), List.of());

  /** RBAC's objects: stored and served (manifests carry them), not enforced: every authenticated user may do everything. */
  public static final ResourceType CLUSTER_ROLES = rbac("clusterroles", "clusterrole", "ClusterRole", false);
  public static final ResourceType CLUSTER_ROLE_BINDINGS = rbac("clusterrolebindings", "clusterrolebinding",
      "ClusterRoleBinding", false);
  public static final ResourceType ROLES = rbac("roles", "role", "Role", true);
  public static final ResourceType ROLE_BINDINGS = rbac("rolebindings", "rolebinding", "RoleBinding", true);

  /**
   * Types stored and served so that manifests carrying them apply (user addons, RKE's own), with
   * nothing acting on them: network policies are not enforced, ingresses route nothing, storage
   * classes provision nothing, webhooks and API services are not called, quotas not counted. An
   * older API version of a type shares its objects (as an identity conversion).
   */
  public static final List<ResourceType> STORED_ONLY = List.of(
      // policy/v1 of the budgets the disruption controller and the eviction API act on (through v1beta1)
      new ResourceType("poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", "policy", "v1", true,
          List.of("pdb"), List.of("status")),
      new ResourceType("networkpolicies", "networkpolicy", "NetworkPolicy", "networking.k8s.io", "v1", true,
          List.of("netpol"), List.of()),
      new ResourceType("ingresses", "ingress", "Ingress", "networking.k8s.io", "v1", true, List.of("ing"),
          List.of("status")),
      new ResourceType("ingresses", "ingress", "Ingress", "networking.k8s.io", "v1beta1", true, List.of("ing"),
          List.of("status")),
      new ResourceType("ingresses", "ingress", "Ingress", "extensions", "v1beta1", true, List.of("ing"),
          List.of("status")),
      new ResourceType("ingressclasses", "ingressclass", "IngressClass", "networking.k8s.io", "v1", false, List.of(),
          List.of()),
      new ResourceType("storageclasses", "storageclass", "StorageClass", "storage.k8s.io", "v1", false,
          List.of("sc"), List.of()),
      new ResourceType("persistentvolumes", "persistentvolume", "PersistentVolume", "", "v1", false, List.of("pv"),
          List.of("status")),
      new ResourceType("persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", "", "v1", true,
          List.of("pvc"), List.of("status")),
      new ResourceType("resourcequotas", "resourcequota", "ResourceQuota", "", "v1", true, List.of("quota"),
          List.of("status")),
      new ResourceType("limitranges", "limitrange", "LimitRange", "", "v1", true, List.of("limits"), List.of()),
      new ResourceType("priorityclasses", "priorityclass", "PriorityClass", "scheduling.k8s.io", "v1", false,
          List.of("pc"), List.of()),
      new ResourceType("podsecuritypolicies", "podsecuritypolicy", "PodSecurityPolicy", "policy", "v1beta1", false,
          List.of("psp"), List.of()),
      new ResourceType("customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition",
          "apiextensions.k8s.io", "v1", false, List.of("crd", "crds"), List.of("status")),
      new ResourceType("customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition",
          "apiextensions.k8s.io", "v1beta1", false, List.of("crd", "crds"), List.of("status")),
      new ResourceType("validatingwebhookconfigurations", "validatingwebhookconfiguration",
          "ValidatingWebhookConfiguration", "admissionregistration.k8s.io", "v1", false, List.of(), List.of()),
      new ResourceType("mutatingwebhookconfigurations", "mutatingwebhookconfiguration",
          "MutatingWebhookConfiguration", "admissionregistration.k8s.io", "v1", false, List.of(), List.of()),
      new ResourceType("apiservices", "apiservice", "APIService", "apiregistration.k8s.io", "v1", false, List.of(),
          List.of("status")));

  public static final ResourceType POD_DISRUPTION_BUDGETS = new ResourceType("poddisruptionbudgets",
      "poddisruptionbudget", "PodDisruptionBudget", "policy", "v1beta1", true, List.of("pdb"), List.of("status"));

  public static final List<ResourceType> ALL = Stream.concat(Stream.of(NODES, NAMESPACES, PODS, CONFIGMAPS, SECRETS,
      EVENTS, LEASES, SERVICES, ENDPOINTS, COMPONENT_STATUSES, SERVICE_ACCOUNTS, DEPLOYMENTS, REPLICA_SETS, DAEMON_SETS,
      JOBS, POD_DISRUPTION_BUDGETS, SELF_SUBJECT_ACCESS_REVIEWS, CLUSTER_ROLES, CLUSTER_ROLE_BINDINGS, ROLES,
      ROLE_BINDINGS), STORED_ONLY.stream()).toList();

  /** Types whose {@code metadata.generation} counts the changes of their spec, as controllers observe it. */
  public static final List<ResourceType> GENERATIONS = List.of(DEPLOYMENTS, REPLICA_SETS, DAEMON_SETS,
      POD_DISRUPTION_BUDGETS);

  private ResourceTypes() {
  }

  private static ResourceType rbac(String plural, String singular, String kind, boolean namespaced) {
    return new ResourceType(plural, singular, kind, "rbac.authorization.k8s.io", "v1", namespaced, List.of(), List.of());
  }

  public static Optional<ResourceType> find(String group, String version, String plural) {
    return ALL.stream().filter(t -> t.group().equals(group) && t.version().equals(version) && t.plural().equals(plural))
        .findFirst();
  }

  /** The groups other than the core group, for {@code /apis}. */
  public static List<String> groups() {
    return ALL.stream().map(ResourceType::group).filter(g -> !g.isEmpty()).distinct().toList();
  }

  /** The versions served of {@code group}, as {@code group/version}. */
  public static List<String> groupVersions(String group) {
    return ALL.stream().filter(t -> t.group().equals(group)).map(ResourceType::apiVersion).distinct().toList();
  }
}
