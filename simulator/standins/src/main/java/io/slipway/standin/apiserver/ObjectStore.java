package io.slipway.standin.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.engine.config.Cidr;
import io.slipway.standin.etcd.EtcdClient;
import io.slipway.standin.etcd.KeyValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Kubernetes objects in etcd, as the real apiserver keeps them: JSON under
 * {@code /registry/<plural>/[<namespace>/]<name>}, stored without resourceVersion, which is
 * the key's etcd mod revision when read. Updates are compare-and-swap on that revision.
 */
public final class ObjectStore {

  private static final int PATCH_RETRIES = 5;
  /** The characters of generated name suffixes (no vowels, no look-alikes), as Kubernetes uses them. */
  public static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private final EtcdClient etcd;
  private final ObjectMapper json;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final ServiceIps serviceIps;
  private final Admission admission;
  private final ServiceAccountAdmission serviceAccounts = new ServiceAccountAdmission(this);

  /** Objects of one list and the revision they were read at. */
  public record ListResult(List<ObjectNode> items, long revision) {
  }

  public ObjectStore(EtcdClient etcd, ObjectMapper json, Clock clock, Admission admission) {
    this.etcd = etcd;
    this.json = json;
    this.clock = clock;
    this.admission = admission;
    this.serviceIps = new ServiceIps(admission.serviceRange());
  }

  public EtcdClient etcd() {
    return etcd;
  }

  public ObjectNode get(ResourceType type, String namespace, String name) {
    return etcd.get(type.key(namespace, name)).map(this::decode).orElseThrow(() -> ApiException.notFound(type, name));
  }

  public ListResult list(ResourceType type, String namespace, Predicate<JsonNode> filter) {
    EtcdClient.Range range = etcd.range(type.prefix(namespace));
    List<ObjectNode> items = new ArrayList<>();
    for (KeyValue kv : range.kvs()) {
      ObjectNode object = decode(kv);
      if (filter.test(object)) {
        items.add(object);
      }
    }
    return new ListResult(items, range.revision());
  }

  public ObjectNode create(ResourceType type, String namespace, ObjectNode object) {
    ObjectNode metadata = object.with("metadata");
    String name = metadata.path("name").asText("");
    if (name.isEmpty() && metadata.hasNonNull("generateName")) {
      name = metadata.get("generateName").asText() + suffix();
      metadata.put("name", name);
    }
    if (name.isEmpty()) {
      throw ApiException.badRequest("metadata.name: Required value: name or generateName is required");
    }
    if (type.namespaced()) {
      if (namespace == null) {
        throw ApiException.badRequest("the namespace of the object is required");
      }
      if (type != ResourceTypes.NAMESPACES && etcd.get(ResourceTypes.NAMESPACES.key(null, namespace)).isEmpty()) {
        throw new ApiException(404, "NotFound", "namespaces \"" + namespace + "\" not found");
      }
      metadata.put("namespace", namespace);
    } else {
      metadata.remove("namespace");
    }
    object.put("apiVersion", type.apiVersion()).put("kind", type.kind());
    metadata.put("uid", UUID.randomUUID().toString());
    metadata.put("creationTimestamp", now());
    if (ResourceTypes.GENERATIONS.contains(type)) {
      metadata.put("generation", 1);
    }
    metadata.remove("resourceVersion");
    defaults(type, object);
    if (type == ResourceTypes.PODS) {
      serviceAccounts.admit(namespace, object);
    }
    long revision = etcd.create(type.key(namespace, name), encode(object))
        .orElseThrow(() -> ApiException.alreadyExists(type, metadata.path("name").asText()));
    metadata.put("resourceVersion", Long.toString(revision));
    return object;
  }

  /** Replaces an object; a resourceVersion in the body must match the stored one. */
  public ObjectNode update(ResourceType type, String namespace, String name, ObjectNode object) {
    ObjectNode current = get(type, namespace, name);
    String expected = object.path("metadata").path("resourceVersion").asText("");
    long revision = Long.parseLong(current.path("metadata").path("resourceVersion").asText());
    if (!expected.isEmpty() && Long.parseLong(expected) != revision) {
      throw ApiException.conflict(type, name);
    }
    return write(type, namespace, name, current, object, revision);
  }

  /** Applies {@code change} to the current object, retrying when another writer got there first. */
  public ObjectNode patch(ResourceType type, String namespace, String name, UnaryOperator<ObjectNode> change) {
    for (int attempt = 0; attempt < PATCH_RETRIES; attempt++) {
      ObjectNode current = get(type, namespace, name);
      long revision = Long.parseLong(current.path("metadata").path("resourceVersion").asText());
      ObjectNode changed = change.apply(current.deepCopy());
      try {
        return write(type, namespace, name, current, changed, revision);
      } catch (ApiException e) {
        if (e.code() != 409) {
          throw e;
        }
      }
    }
    throw ApiException.conflict(type, name);
  }

  public ObjectNode delete(ResourceType type, String namespace, String name) {
    for (int attempt = 0; attempt < PATCH_RETRIES; attempt++) {
      ObjectNode current = get(type, namespace, name);
      long revision = Long.parseLong(current.path("metadata").path("resourceVersion").asText());
      if (etcd.delete(type.key(namespace, name), revision).isPresent()) {
        return current;
      }
    }
    throw ApiException.conflict(type, name);
  }

  /**
   * Makes sure the {@code kubernetes} Service exists in {@code default}: the first address of
   * the service range, port 443 (what pods and {@code kubectl cluster-info} find the API by).
   */
  public void ensureKubernetesService() {
    if (etcd.get(ResourceTypes.SERVICES.key("default", "kubernetes")).isPresent()) {
      return;
    }
    ObjectNode service = json.createObjectNode();
    service.putObject("metadata").put("name", "kubernetes").putObject("labels").put("component", "apiserver")
        .put("provider", "kubernetes");
    ObjectNode spec = service.putObject("spec").put("clusterIP", serviceIps.first()).put("type", "ClusterIP");
    spec.putArray("ports").addObject().put("name", "https").put("port", 443).put("protocol", "TCP")
        .put("targetPort", 6443);
    try {
      create(ResourceTypes.SERVICES, "default", service);
    } catch (ApiException e) {
      // another apiserver created it first
    }
  }

  /** Makes sure the namespaces every cluster has exist. */
  public void ensureSystemNamespaces() {
    for (String namespace : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
      if (etcd.get(ResourceTypes.NAMESPACES.key(null, namespace)).isEmpty()) {
        ObjectNode ns = json.createObjectNode();
        ns.putObject("metadata").put("name", namespace);
        try {
          create(ResourceTypes.NAMESPACES, null, ns);
        } catch (ApiException e) {
          // another apiserver created it first
        }
      }
    }
  }

  public ObjectNode decode(KeyValue kv) {
    try {
      ObjectNode object = (ObjectNode) json.readTree(kv.value());
      object.with("metadata").put("resourceVersion", Long.toString(kv.modRevision()));
      return object;
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable object at " + kv.key(), e);
    }
  }

  private ObjectNode write(ResourceType type, String namespace, String name, ObjectNode current, ObjectNode object,
      long revision) {
    ObjectNode metadata = object.with("metadata");
    JsonNode stored = current.path("metadata");
    for (String immutable : List.of("uid", "creationTimestamp", "namespace", "name")) {
      if (stored.has(immutable)) {
        metadata.set(immutable, stored.get(immutable));
      }
    }
    object.put("apiVersion", type.apiVersion()).put("kind", type.kind());
    metadata.remove("resourceVersion");
    if (type == ResourceTypes.SECRETS) {
      stringData(object);
    }
    if (ResourceTypes.GENERATIONS.contains(type)) {
      long generation = stored.path("generation").asLong(1);
      metadata.put("generation", object.path("spec").equals(current.path("spec")) ? generation : generation + 1);
    }
    long written = etcd.update(type.key(namespace, name), encode(object), revision)
        .orElseThrow(() -> ApiException.conflict(type, name));
    metadata.put("resourceVersion", Long.toString(written));
    return object;
  }

  /** A secret's {@code stringData} is written into its {@code data}, base64-encoded, and not kept (as the real one does). */
  private static void stringData(ObjectNode secret) {
    JsonNode strings = secret.remove("stringData");
    if (strings != null) {
      ObjectNode data = secret.with("data");
      strings.fields().forEachRemaining(e -> data.put(e.getKey(), Base64.getEncoder()
          .encodeToString(e.getValue().asText().getBytes(StandardCharsets.UTF_8))));
    }
  }

  private void defaults(ResourceType type, ObjectNode object) {
    if (type == ResourceTypes.SECRETS) {
      stringData(object);
      if (!object.has("type")) {
        object.put("type", "Opaque");
      }
    }
    if (type == ResourceTypes.NAMESPACES && !object.path("status").has("phase")) {
      object.with("status").put("phase", "Active");
    }
    if (type == ResourceTypes.PODS && !object.path("status").has("phase")) {
      object.with("status").put("phase", "Pending");
    }
    if (type == ResourceTypes.PODS) {
      ObjectNode spec = object.with("spec");
      if (!spec.has("restartPolicy")) {
        spec.put("restartPolicy", "Always");
      }
      if (!spec.has("schedulerName")) {
        spec.put("schedulerName", "default-scheduler");
      }
      tolerate(spec, Admission.NOT_READY, admission.notReadySeconds());
      tolerate(spec, Admission.UNREACHABLE, admission.unreachableSeconds());
    }
    if (type == ResourceTypes.DEPLOYMENTS || type == ResourceTypes.REPLICA_SETS) {
      ObjectNode spec = object.with("spec");
      if (!spec.has("replicas")) {
        spec.put("replicas", 1);
      }
    }
    if (type == ResourceTypes.DEPLOYMENTS) {
      ObjectNode spec = object.with("spec");
      if (!spec.has("revisionHistoryLimit")) {
        spec.put("revisionHistoryLimit", 10);
      }
      if (!spec.has("progressDeadlineSeconds")) {
        spec.put("progressDeadlineSeconds", 600);
      }
      ObjectNode strategy = spec.with("strategy");
      if (!strategy.has("type")) {
        strategy.put("type", "RollingUpdate");
      }
      if (strategy.path("type").asText().equals("RollingUpdate")) {
        ObjectNode rolling = strategy.with("rollingUpdate");
        if (!rolling.has("maxSurge")) {
          rolling.put("maxSurge", "25%");
        }
        if (!rolling.has("maxUnavailable")) {
          rolling.put("maxUnavailable", "25%");
        }
      }
    }
    if (type == ResourceTypes.DAEMON_SETS) {
      ObjectNode strategy = object.with("spec").with("updateStrategy");
      if (!strategy.has("type")) {
        strategy.put("type", "RollingUpdate");
      }
      if (strategy.path("type").asText().equals("RollingUpdate") && !strategy.path("rollingUpdate").has("maxUnavailable")) {
        strategy.with("rollingUpdate").put("maxUnavailable", 1);
      }
    }
    if (type == ResourceTypes.JOBS) {
      jobDefaults(object);
    }
    if (type == ResourceTypes.SERVICES) {
      ObjectNode spec = object.with("spec");
      if (!spec.has("type")) {
        spec.put("type", "ClusterIP");
      }
      if (!spec.has("sessionAffinity")) {
        spec.put("sessionAffinity", "None");
      }
      for (JsonNode port : spec.path("ports")) {
        ObjectNode p = (ObjectNode) port;
        if (!p.has("protocol")) {
          p.put("protocol", "TCP");
        }
        if (!p.has("targetPort")) {
          p.set("targetPort", p.path("port"));
        }
      }
      if (!spec.has("clusterIP")) {
        spec.put("clusterIP", serviceIps.allocate(list(ResourceTypes.SERVICES, null, o -> true).items().stream()
            .map(service -> service.path("spec").path("clusterIP").asText("")).collect(Collectors.toSet())));
      }
    }
  }

  /**
   * As the Job strategy does: one completion and one pod at a time unless asked, six retries, and
   * (unless the Job chose its own) a selector on a {@code controller-uid} label its pods carry.
   */
  private static void jobDefaults(ObjectNode job) {
    ObjectNode spec = job.with("spec");
    if (!spec.has("completions")) {
      spec.put("completions", 1);
    }
    if (!spec.has("parallelism")) {
      spec.put("parallelism", 1);
    }
    if (!spec.has("backoffLimit")) {
      spec.put("backoffLimit", 6);
    }
    if (!spec.path("manualSelector").asBoolean(false)) {
      String uid = job.path("metadata").path("uid").asText();
      spec.putObject("selector").putObject("matchLabels").put("controller-uid", uid);
      spec.with("template").with("metadata").with("labels").put("controller-uid", uid)
          .put("job-name", job.path("metadata").path("name").asText());
    }
    ObjectNode podSpec = spec.with("template").with("spec");
    if (!podSpec.has("restartPolicy")) {
      podSpec.put("restartPolicy", "Never");
    }
  }

  /** Adds a toleration of {@code key}'s NoExecute taint for {@code seconds} unless the pod tolerates it already. */
  private static void tolerate(ObjectNode podSpec, String key, long seconds) {
    for (JsonNode toleration : podSpec.path("tolerations")) {
      boolean all = toleration.path("key").asText("").isEmpty() && toleration.path("operator").asText("").equals("Exists");
      boolean noExecute = toleration.path("effect").asText("").isEmpty()
          || toleration.path("effect").asText().equals("NoExecute");
      if ((all || toleration.path("key").asText("").equals(key)) && noExecute) {
        return;
      }
    }
    podSpec.withArray("tolerations").addObject().put("key", key).put("operator", "Exists").put("effect", "NoExecute")
        .put("tolerationSeconds", seconds);
  }

  private byte[] encode(ObjectNode object) {
    try {
      return json.writeValueAsBytes(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private String suffix() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return s.toString();
  }
}
