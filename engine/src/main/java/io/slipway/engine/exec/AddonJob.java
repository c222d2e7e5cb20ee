package io.slipway.engine.exec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.engine.Poll;
import io.slipway.engine.host.Host;
import io.slipway.engine.host.HttpResult;
import io.slipway.engine.plan.Addon;
import io.slipway.engine.plan.Step;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;

/**
 * Deploys one addon as RKE's addon mechanism does: the manifest into the ConfigMap named after
 * the addon in kube-system; then, if the manifest changed or the last job did not complete, the
 * service account its jobs run as ({@value #DEPLOYER}, bound to cluster-admin) is made sure of,
 * the old job is deleted and a new one created that runs {@code kubectl apply} of the
 * ConfigMap in the kubernetes image on the first control-plane node (RKE's job: host network,
 * every taint tolerated, ten retries), and waited for up to the addon job timeout. An addon whose
 * manifest is unchanged and whose job completed is left alone, so a re-run changes nothing.
 */
public final class AddonJob {

  static final String NAMESPACE = "kube-system";
  static final String DEPLOYER = "rke-job-deployer";
  static final String DEPLOYER_BINDING = "job-deployer";
  private static final String API = "https://localhost:6443";
  private static final Duration POLL = Duration.ofMillis(250);
  private static final int CONFLICT_RETRIES = 5;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Host host;
  private final SSLContext admin;
  private final Duration requestTimeout;

  public AddonJob(Host host, SSLContext admin, Duration requestTimeout) {
    this.host = host;
    this.admin = admin;
    this.requestTimeout = requestTimeout;
  }

  /** What changed: empty when the addon was deployed already, as it is. */
  public Optional<Change> deploy(Step.DeployAddon step) {
    Addon addon = step.addon();
    String manifest = manifest(addon);
    boolean updated = storeConfigMap(addon.name(), manifest);
    String jobPath = jobPath(addon.jobName());
    HttpResult found = request("GET", jobPath, null);
    if (found.status() == 200 && !updated && condition(read(found), "Complete")) {
      return Optional.empty();  // two reads: an unchanged cluster costs a re-run little
    }
    if (found.status() != 200 && found.status() != 404) {
      throw failure("reading job " + addon.jobName(), found);
    }
    ensureDeployer();
    if (found.status() == 200) {
      delete(jobPath, step.timeout());
    }
    HttpResult created = request("POST", "/apis/batch/v1/namespaces/" + NAMESPACE + "/jobs", job(step).toString());
    if (created.status() != 201 && created.status() != 409) {
      throw failure("creating job " + addon.jobName(), created);
    }
    awaitCompletion(addon.name(), addon.jobName(), step.timeout());
    return Optional.of(new Change.AddonDeployed(addon.name(), addon.jobName()));
  }

  /**
   * Removes a system addon as RKE does when cluster.yml no longer asks for it: nothing when its
   * deploy job is not there (it was never deployed, or was removed already); otherwise a job
   * that deletes every object its stored manifest lists (the manifest stays in its ConfigMap),
   * waited for up to twice the addon job timeout, then both jobs deleted.
   */
  public Optional<Change> remove(Step.RemoveAddon step) {
    String deployJob = jobPath(step.deployJob());
    HttpResult found = request("GET", deployJob, null);
    if (found.status() == 404) {
      return Optional.empty();
    }
    if (found.status() != 200) {
      throw failure("reading job " + step.deployJob(), found);
    }
    ensureDeployer();
    String deleteJob = jobPath(step.deleteJob());
    Duration timeout = step.timeout().multipliedBy(2);
    if (request("GET", deleteJob, null).status() == 200) {
      delete(deleteJob, timeout);
    }
    HttpResult created = request("POST", "/apis/batch/v1/namespaces/" + NAMESPACE + "/jobs",
        deleteJob(step).toString());
    if (created.status() != 201 && created.status() != 409) {
      throw failure("creating job " + step.deleteJob(), created);
    }
    awaitCompletion(step.addon(), step.deleteJob(), timeout);
    delete(deleteJob, timeout);
    delete(deployJob, timeout);
    return Optional.of(new Change.AddonRemoved(step.addon(), step.reason()));
  }

  /** Why {@link #remove} would remove the addon (its deploy job is there), found read-only; empty when it would not. */
  public Optional<String> pendingRemoval(Step.RemoveAddon step) {
    HttpResult found = request("GET", jobPath(step.deployJob()), null);
    if (found.status() == 404) {
      return Optional.empty();
    }
    if (found.status() != 200) {
      throw failure("reading job " + step.deployJob(), found);
    }
    return Optional.of(step.reason() + "; it was deployed");
  }

  private static String jobPath(String job) {
    return "/apis/batch/v1/namespaces/" + NAMESPACE + "/jobs/" + job;
  }

  /**
   * Why {@link #deploy} would apply the addon again, found read-only (its ConfigMap and job are
   * read, nothing is written); empty when it would leave the addon alone.
   */
  public Optional<String> pendingChange(Step.DeployAddon step) {
    Addon addon = step.addon();
    HttpResult configMap = request("GET", "/api/v1/namespaces/" + NAMESPACE + "/configmaps/" + addon.name(), null);
    if (configMap.status() == 404) {
      return Optional.of("not deployed yet");
    }
    if (configMap.status() != 200) {
      throw failure("reading ConfigMap " + addon.name(), configMap);
    }
    if (!manifest(addon).equals(read(configMap).path("data").path(addon.name()).asText(null))) {
      return Optional.of("its manifest differs from ConfigMap " + NAMESPACE + "/" + addon.name());
    }
    HttpResult job = request("GET", "/apis/batch/v1/namespaces/" + NAMESPACE + "/jobs/" + addon.jobName(), null);
    if (job.status() == 404 || job.status() == 200 && !condition(read(job), "Complete")) {
      return Optional.of("its last job did not complete");
    }
    if (job.status() != 200) {
      throw failure("reading job " + addon.jobName(), job);
    }
    return Optional.empty();
  }

  /** The addon's YAML: written in cluster.yml, or its files read and joined as one multi-document manifest. */
  static String manifest(Addon addon) {
    if (addon.manifest() instanceof Addon.Inline inline) {
      return inline.yaml();
    }
    List<String> parts = new ArrayList<>();
    for (String path : ((Addon.Files) addon.manifest()).paths()) {
      try {
        parts.add(Files.readString(Path.of(path)));
      } catch (IOException e) {
        throw new IllegalStateException("addons_include: cannot read " + path + ": " + e.getMessage(), e);
      }
    }
    return String.join("\n---\n", parts);
  }

  /** RKE's job deployer: a service account in kube-system bound to cluster-admin. */
  private void ensureDeployer() {
    ObjectNode account = JSON.createObjectNode();
    account.putObject("metadata").put("name", DEPLOYER).put("namespace", NAMESPACE);
    createIfAbsent("/api/v1/namespaces/" + NAMESPACE + "/serviceaccounts", account, "service account " + DEPLOYER);
    ObjectNode binding = JSON.createObjectNode();
    binding.putObject("metadata").put("name", DEPLOYER_BINDING);
    binding.putObject("roleRef").put("apiGroup", "rbac.authorization.k8s.io").put("kind", "ClusterRole")
        .put("name", "cluster-admin");
    binding.putArray("subjects").addObject().put("kind", "ServiceAccount").put("name", DEPLOYER)
        .put("namespace", NAMESPACE);
    createIfAbsent("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", binding,
        "cluster role binding " + DEPLOYER_BINDING);
  }

  private void createIfAbsent(String path, ObjectNode object, String what) {
    HttpResult result = request("POST", path, object.toString());
    if (result.status() != 201 && result.status() != 409) {
      throw failure("creating " + what, result);
    }
  }

  /** Stores the manifest in the addon's ConfigMap; whether it changed (or was new). */
  private boolean storeConfigMap(String name, String manifest) {
    String path = "/api/v1/namespaces/" + NAMESPACE + "/configmaps/" + name;
    for (int attempt = 1; ; attempt++) {
      HttpResult found = request("GET", path, null);
      ObjectNode configMap = JSON.createObjectNode();
      if (found.status() == 404) {
        configMap.putObject("metadata").put("name", name).put("namespace", NAMESPACE);
        configMap.putObject("data").put(name, manifest);
        HttpResult created = request("POST", "/api/v1/namespaces/" + NAMESPACE + "/configmaps", configMap.toString());
        if (created.status() == 201) {
          return true;
        }
        if (created.status() != 409 || attempt == CONFLICT_RETRIES) {
          throw failure("storing ConfigMap " + name, created);
        }
        continue;
      }
      if (found.status() != 200) {
        throw failure("reading ConfigMap " + name, found);
      }
      JsonNode current = read(found);
      if (manifest.equals(current.path("data").path(name).asText(null))) {
        return false;
      }
      configMap.set("metadata", current.path("metadata").deepCopy());
      configMap.putObject("data").put(name, manifest);
      HttpResult replaced = request("PUT", path, configMap.toString());
      if (replaced.status() == 200) {
        return true;
      }
      if (replaced.status() != 409 || attempt == CONFLICT_RETRIES) {
        throw failure("storing ConfigMap " + name, replaced);
      }
    }
  }

  /** Deletes the job and its pods, and waits until it is gone. */
  private void delete(String jobPath, Duration timeout) {
    HttpResult deleted = request("DELETE", jobPath + "?propagationPolicy=Background", null);
    if (deleted.status() != 200 && deleted.status() != 202 && deleted.status() != 404) {
      throw failure("deleting the previous job", deleted);
    }
    if (!Poll.until(timeout, POLL, () -> request("GET", jobPath, null).status() == 404)) {
      throw new IllegalStateException("the previous job " + jobPath.substring(jobPath.lastIndexOf('/') + 1)
          + " was not deleted within " + timeout.toSeconds() + " s (addon_job_timeout)");
    }
  }

  private void awaitCompletion(String addon, String job, Duration timeout) {
    String jobPath = jobPath(job);
    AtomicReference<JsonNode> last = new AtomicReference<>();
    boolean finished = Poll.until(timeout, POLL, () -> {
      HttpResult result = request("GET", jobPath, null);
      if (result.status() != 200) {
        return false;
      }
      last.set(read(result));
      return condition(last.get(), "Complete") || condition(last.get(), "Failed");
    });
    if (finished && condition(last.get(), "Complete")) {
      return;
    }
    String why = finished ? "failed: " + message(last.get(), "Failed")
        : "did not complete within " + timeout.toSeconds() + " s (addon_job_timeout)";
    throw new IllegalStateException("addon " + addon + ": job " + job + " in " + NAMESPACE + " " + why
        + lastPod(job));
  }

  /** What the job's latest pod says: its phase, its container's state and the end of its log. */
  private String lastPod(String job) {
    HttpResult pods = request("GET", "/api/v1/namespaces/" + NAMESPACE + "/pods?labelSelector="
        + URLEncoder.encode("job-name=" + job, StandardCharsets.UTF_8), null);
    if (pods.status() != 200) {
      return "";
    }
    JsonNode latest = null;
    for (JsonNode pod : read(pods).path("items")) {
      if (latest == null || pod.path("metadata").path("creationTimestamp").asText()
          .compareTo(latest.path("metadata").path("creationTimestamp").asText()) >= 0) {
        latest = pod;
      }
    }
    if (latest == null) {
      return "; it has no pod";
    }
    String name = latest.path("metadata").path("name").asText();
    StringBuilder text = new StringBuilder("; its pod ").append(name).append(" is ")
        .append(latest.path("status").path("phase").asText("Pending"));
    JsonNode state = latest.path("status").path("containerStatuses").path(0).path("state");
    state.fields().forEachRemaining(e -> {
      String reason = e.getValue().path("reason").asText("");
      text.append(" (container ").append(e.getKey()).append(reason.isEmpty() ? "" : ": " + reason)
          .append(e.getValue().has("exitCode") ? ", exit code " + e.getValue().path("exitCode").asInt() : "")
          .append(")");
    });
    HttpResult log = request("GET", "/api/v1/namespaces/" + NAMESPACE + "/pods/" + name + "/log?tailLines=5", null);
    if (log.status() == 200 && !log.body().isBlank()) {
      text.append("; its log ends:\n").append(log.body().strip());
    }
    return text.toString();
  }

  /** RKE's deploy job for the addon. */
  static ObjectNode job(Step.DeployAddon step) {
    return job(step.addon().name(), step.addon().jobName(), step.node(), step.image(),
        List.of("kubectl", "apply", "-f", "/etc/config/" + step.addon().name() + ".yaml"));
  }

  /**
   * RKE's delete job for the addon: every object its stored manifest lists, looked up with
   * kubectl and deleted one by one, those already gone passed over.
   */
  static ObjectNode deleteJob(Step.RemoveAddon step) {
    String script = "kubectl get --ignore-not-found=true -f /etc/config/" + step.addon() + ".yaml"
        + " -o custom-columns=NAME:.metadata.name,NAMESPACE:.metadata.namespace,KIND:.kind --no-headers"
        + " | while read name namespace kind; do"
        + " if [ \"$namespace\" = \"<none>\" ]; then kubectl delete \"$kind\" \"$name\";"
        + " else kubectl -n \"$namespace\" delete \"$kind\" \"$name\"; fi; done";
    return job(step.addon(), step.deleteJob(), step.node(), step.image(), List.of("sh", "-c", script));
  }

  private static ObjectNode job(String addon, String name, String node, String image, List<String> command) {
    ObjectNode job = JSON.createObjectNode().put("apiVersion", "batch/v1").put("kind", "Job");
    job.putObject("metadata").put("name", name).put("namespace", NAMESPACE);
    ObjectNode spec = job.putObject("spec").put("backoffLimit", 10);
    ObjectNode template = spec.putObject("template");
    template.putObject("metadata").put("name", "rke-deploy");
    ObjectNode pod = template.putObject("spec");
    ObjectNode term = pod.putObject("affinity").putObject("nodeAffinity")
        .putObject("requiredDuringSchedulingIgnoredDuringExecution").putArray("nodeSelectorTerms").addObject();
    term.putArray("matchExpressions").addObject().put("key", "beta.kubernetes.io/os").put("operator", "NotIn")
        .putArray("values").add("windows");
    pod.putArray("tolerations").addObject().put("operator", "Exists");
    pod.put("hostNetwork", true).put("serviceAccountName", DEPLOYER).put("nodeName", node)
        .put("restartPolicy", "Never");
    ObjectNode container = pod.putArray("containers").addObject().put("name", addon + "-pod").put("image", image);
    command.forEach(container.putArray("command")::add);
    container.putArray("volumeMounts").addObject().put("name", "config-volume").put("mountPath", "/etc/config");
    ObjectNode configMap = pod.putArray("volumes").addObject().put("name", "config-volume").putObject("configMap")
        .put("name", addon);
    configMap.putArray("items").addObject().put("key", addon).put("path", addon + ".yaml");
    return job;
  }

  private static boolean condition(JsonNode job, String type) {
    for (JsonNode condition : job.path("status").path("conditions")) {
      if (condition.path("type").asText().equals(type) && condition.path("status").asText().equals("True")) {
        return true;
      }
    }
    return false;
  }

  private static String message(JsonNode job, String type) {
    for (JsonNode condition : job.path("status").path("conditions")) {
      if (condition.path("type").asText().equals(type)) {
        return condition.path("message").asText(condition.path("reason").asText(type));
      }
    }
    return type;
  }

  private HttpResult request(String method, String path, String body) {
    URI url = URI.create(API + path);
    return body == null ? host.http(method, url, admin, requestTimeout)
        : host.http(method, url, admin, requestTimeout, "application/json", body);
  }

  private static JsonNode read(HttpResult result) {
    try {
      return JSON.readTree(result.body());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the apiserver sent unreadable JSON", e);
    }
  }

  private static IllegalStateException failure(String what, HttpResult result) {
    return new IllegalStateException(what + ": " + (result.status() < 0 ? result.body()
        : "HTTP " + result.status() + " " + result.body().strip()));
  }
}
