package io.slipway.standin.apiserver;

import java.util.List;
import java.util.Optional;

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

  public static final ResourceType POD_DISRUPTION_BUDGETS = new ResourceType("poddisruptionbudgets",
      "poddisruptionbudget", "PodDisruptionBudget", "policy", "v1beta1", true, List.of("pdb"), List.of("status"));

  public static final List<ResourceType> ALL = List.of(NODES, NAMESPACES, PODS, CONFIGMAPS, SECRETS, EVENTS,
      LEASES, SERVICES, ENDPOINTS, COMPONENT_STATUSES, SERVICE_ACCOUNTS, DEPLOYMENTS, REPLICA_SETS, DAEMON_SETS, JOBS,
      POD_DISRUPTION_BUDGETS, SELF_SUBJECT_ACCESS_REVIEWS, CLUSTER_ROLES, CLUSTER_ROLE_BINDINGS, ROLES, ROLE_BINDINGS);

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
