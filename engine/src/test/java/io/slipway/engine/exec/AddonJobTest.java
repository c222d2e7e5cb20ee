package io.slipway.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.DockerClient;
import io.slipway.engine.host.CommandResult;
import io.slipway.engine.host.Host;
import io.slipway.engine.host.HostAddress;
import io.slipway.engine.host.HttpResult;
import io.slipway.engine.plan.Addon;
import io.slipway.engine.plan.Phase;
import io.slipway.engine.plan.Step;
import io.slipway.engine.plan.StepId;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An addon's deploy against an apiserver stand-in of this test (a host whose HTTP calls land in
 * a map of objects, and whose jobs complete, fail or hang as told): RKE's ConfigMap and job, and
 * nothing done again when nothing changed.
 */
class AddonJobTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JOB = "/apis/batch/v1/namespaces/kube-system/jobs/rke-user-addon-deploy-job";

  private enum Outcome { COMPLETE, FAIL, HANG }

  /** Objects by path; a created job finishes as {@code outcome} says the first time it is read. */
  private static final class Apiserver extends HttpOnlyHost {
    final Map<String, ObjectNode> objects = new TreeMap<>();
    final List<String> calls = new ArrayList<>();
    Outcome outcome = Outcome.COMPLETE;

    Apiserver() {
      super("m1", "10.0.0.1");
    }

    @Override
    public HttpResult http(String method, URI url, SSLContext tls, Duration timeout, String contentType, String body) {
      String path = url.getPath();
      calls.add(method + " " + path);
      switch (method) {
        case "POST" -> {
          ObjectNode object = (ObjectNode) read(body);
          String at = path + "/" + object.path("metadata").path("name").asText();
          if (objects.containsKey(at)) {
            return new HttpResult(409, "{}");
          }
          objects.put(at, object);
          return new HttpResult(201, object.toString());
        }
        case "PUT" -> {
          objects.put(path, (ObjectNode) read(body));
          return new HttpResult(200, body);
        }
        case "DELETE" -> {
          return objects.remove(path) == null ? new HttpResult(404, "{}") : new HttpResult(200, "{}");
        }
        default -> {
          if (path.endsWith("/pods")) {
            return new HttpResult(200, "{\"items\":[{\"metadata\":{\"name\":\"rke-user-addon-deploy-job-x\","
                + "\"creationTimestamp\":\"2026-12-07T08:00:00Z\"},\"status\":{\"phase\":\"Failed\",\"containerStatuses\":"
                + "[{\"state\":{\"terminated\":{\"reason\":\"Error\",\"exitCode\":1}}}]}}]}");
          }
          if (path.endsWith("/log")) {
            return new HttpResult(200, "error: unable to recognize \"/etc/config/rke-user-addon.yaml\"\n");
          }
          ObjectNode object = objects.get(path);
          if (object == null) {
            return new HttpResult(404, "{}");
          }
          if (path.endsWith("-job") && outcome != Outcome.HANG && !object.path("status").has("conditions")) {
            object.with("status").withArray("conditions").addObject()
                .put("type", outcome == Outcome.COMPLETE ? "Complete" : "Failed").put("status", "True")
                .put("message", "Job has reached the specified backoff limit");
          }
          return new HttpResult(200, object.toString());
        }
      }
    }

    private static JsonNode read(String body) {
      try {
        return JSON.readTree(body);
      } catch (Exception e) {
        throw new IllegalArgumentException(e);
      }
    }
  }

  private final Apiserver apiserver = new Apiserver();

  private static Step.DeployAddon step(Addon.Manifest manifest, Duration timeout) {
    return new Step.DeployAddon(new StepId("m1", "addon:rke-user-addon"), Phase.ADDONS,
        new Addon(Addon.USER, manifest), "m1", "rancher/hyperkube:v1.30.5-rancher1", timeout);
  }

  private Step.DeployAddon inline(String yaml) {
    return step(new Addon.Inline(yaml), Duration.ofSeconds(45));
  }

  private java.util.Optional<Change> deploy(Step.DeployAddon step) {
    return new AddonJob(apiserver, null, Duration.ofSeconds(5)).deploy(step);
  }

  @Test
  void theFirstDeployStoresTheManifestAndRunsRkesJobAsTheJobDeployer() {
    assertThat(deploy(inline("kind: List"))).contains(new Change.AddonDeployed(Addon.USER,
        "rke-user-addon-deploy-job"));

    assertThat(apiserver.objects).containsKeys("/api/v1/namespaces/kube-system/serviceaccounts/rke-job-deployer",
        "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/job-deployer");
    assertThat(apiserver.objects.get("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/job-deployer")
        .path("roleRef").path("name").asText()).isEqualTo("cluster-admin");
    assertThat(apiserver.objects.get("/api/v1/namespaces/kube-system/configmaps/rke-user-addon").path("data")
        .path("rke-user-addon").asText()).isEqualTo("kind: List");
    JsonNode pod = apiserver.objects.get(JOB).path("spec").path("template").path("spec");
    assertThat(apiserver.objects.get(JOB).path("spec").path("backoffLimit").asInt()).isEqualTo(10);
    assertThat(pod.path("nodeName").asText()).isEqualTo("m1");
    assertThat(pod.path("hostNetwork").asBoolean()).isTrue();
    assertThat(pod.path("serviceAccountName").asText()).isEqualTo("rke-job-deployer");
    assertThat(pod.path("tolerations").toString()).isEqualTo("[{\"operator\":\"Exists\"}]");
    assertThat(pod.path("containers").path(0).path("command").toString())
        .isEqualTo("[\"kubectl\",\"apply\",\"-f\",\"/etc/config/rke-user-addon.yaml\"]");
    assertThat(pod.path("containers").path(0).path("image").asText()).isEqualTo("rancher/hyperkube:v1.30.5-rancher1");
    assertThat(pod.path("volumes").path(0).path("configMap").path("items").path(0).path("path").asText())
        .isEqualTo("rke-user-addon.yaml");
  }

  @Test
  void anUnchangedManifestWhoseJobCompletedIsLeftAlone() {
    deploy(inline("kind: List"));
    apiserver.calls.clear();

    assertThat(deploy(inline("kind: List"))).isEmpty();
    assertThat(apiserver.calls).noneMatch(call -> call.startsWith("DELETE") || call.startsWith("PUT")
        || call.equals("POST /apis/batch/v1/namespaces/kube-system/jobs"));
  }

  @Test
  void aChangedManifestIsStoredAndAppliedByANewJob() {
    deploy(inline("kind: List"));
    apiserver.calls.clear();

    assertThat(deploy(inline("kind: List\nitems: []"))).isPresent();
    assertThat(apiserver.objects.get("/api/v1/namespaces/kube-system/configmaps/rke-user-addon").path("data")
        .path("rke-user-addon").asText()).isEqualTo("kind: List\nitems: []");
    assertThat(apiserver.calls).containsSubsequence("PUT /api/v1/namespaces/kube-system/configmaps/rke-user-addon",
        "DELETE " + JOB, "POST /apis/batch/v1/namespaces/kube-system/jobs");
  }

  @Test
  void aFailedJobIsReportedWithItsPodsStateAndLog() {
    apiserver.outcome = Outcome.FAIL;
    assertThatThrownBy(() -> deploy(inline("kind: Nonsense")))
        .hasMessageContaining("addon rke-user-addon: job rke-user-addon-deploy-job in kube-system failed: "
            + "Job has reached the specified backoff limit")
        .hasMessageContaining("container terminated: Error, exit code 1")
        .hasMessageContaining("unable to recognize");
  }

  @Test
  void aSystemAddonThatFailsIsAWarningAndTheRunGoesOnAsWithRkeAUserAddonFailsIt() throws Exception {
    apiserver.outcome = Outcome.FAIL;
    io.slipway.engine.config.ClusterConfig config = io.slipway.engine.config.ConfigLoader.parse("cluster.yml",
        "nodes: [{address: 10.0.0.1, user: rke, role: [controlplane, etcd, worker], hostname_override: m1}]\n",
        io.slipway.engine.config.Strictness.STRICT).config();
    HostStepRunner runner = new HostStepRunner(Map.of("m1", apiserver), io.slipway.engine.pki.ClusterPki.create(config,
        io.slipway.engine.pki.KeyType.ECDSA_P256, java.time.Clock.systemUTC(), new java.security.SecureRandom()));
    Step.DeployAddon metrics = new Step.DeployAddon(new StepId("m1", "addon:rke-metrics-addon"), Phase.ADDONS,
        new Addon("rke-metrics-addon", new Addon.Inline("kind: List"), false), "m1", "hyperkube", Duration.ofSeconds(45));

    runner.run(metrics);
    assertThat(runner.changes()).isEmpty();
    assertThat(runner.warnings()).singleElement().asString().startsWith("addon rke-metrics-addon not deployed (the "
        + "cluster is up without it): addon rke-metrics-addon: job rke-metrics-addon-deploy-job in kube-system failed");
    assertThatThrownBy(() -> runner.run(inline("kind: List"))).as("a user addon fails the step")
        .hasMessageContaining("job rke-user-addon-deploy-job in kube-system failed");
  }

  private Step.RemoveAddon removal() {
    return new Step.RemoveAddon(new StepId("m1", "addon:rke-user-addon"), Phase.ADDONS, Addon.USER,
        "ingress.provider is none", "m1", "rancher/hyperkube:v1.30.5-rancher1", Duration.ofSeconds(45));
  }

  @Test
  void anAddonNeverDeployedIsNotRemovedAndOnlyItsDeployJobIsLookedFor() {
    AddonJob jobs = new AddonJob(apiserver, null, Duration.ofSeconds(5));
    assertThat(jobs.pendingRemoval(removal())).isEmpty();
    assertThat(jobs.remove(removal())).isEmpty();
    assertThat(apiserver.calls).containsOnly("GET " + JOB);
  }

  @Test
  void aDeployedAddonIsRemovedByRkesDeleteJobAndThenBothJobsGo() {
    deploy(inline("kind: List"));
    AddonJob jobs = new AddonJob(apiserver, null, Duration.ofSeconds(5));
    assertThat(jobs.pendingRemoval(removal())).contains("ingress.provider is none; it was deployed");
    apiserver.calls.clear();

    assertThat(jobs.remove(removal())).contains(new Change.AddonRemoved(Addon.USER, "ingress.provider is none"));
    String deleteJob = "/apis/batch/v1/namespaces/kube-system/jobs/rke-user-addon-delete-job";
    assertThat(apiserver.calls).containsSubsequence("POST /apis/batch/v1/namespaces/kube-system/jobs",
        "GET " + deleteJob, "DELETE " + deleteJob, "DELETE " + JOB);
    assertThat(apiserver.objects).doesNotContainKeys(JOB, deleteJob)
        .as("the stored manifest stays, as with RKE").containsKey("/api/v1/namespaces/kube-system/configmaps/rke-user-addon");
    JsonNode command = AddonJob.deleteJob(removal()).path("spec").path("template").path("spec").path("containers")
        .path(0).path("command");
    assertThat(command.path(0).asText() + " " + command.path(1).asText()).isEqualTo("sh -c");
    assertThat(command.path(2).asText()).startsWith("kubectl get --ignore-not-found=true -f "
        + "/etc/config/rke-user-addon.yaml").contains("kubectl -n \"$namespace\" delete \"$kind\" \"$name\"");
    assertThat(jobs.remove(removal())).as("removed once").isEmpty();
  }

  @Test
  void aJobThatDoesNotFinishInTimeFailsTheStepNamingTheTimeout() {
    apiserver.outcome = Outcome.HANG;
    assertThatThrownBy(() -> deploy(step(new Addon.Inline("kind: List"), Duration.ofSeconds(1))))
        .hasMessageContaining("did not complete within 1 s (addon_job_timeout)");
  }

  @Test
  void includedFilesAreJoinedInOrderIntoOneManifest(@TempDir Path dir) throws Exception {
    Path a = Files.writeString(dir.resolve("a.yaml"), "kind: A\n");
    Path b = Files.writeString(dir.resolve("b.yaml"), "kind: B\n");
    assertThat(AddonJob.manifest(new Addon(Addon.USER_INCLUDES, new Addon.Files(List.of(a.toString(), b.toString())))))
        .isEqualTo("kind: A\n\n---\nkind: B\n");
  }
}
