package io.slipway.standin.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import io.slipway.engine.Poll;
import io.slipway.engine.kubeconfig.Kubeconfig;
import io.slipway.simulator.LoopbackPorts;
import io.slipway.simulator.kubectl.Kubectl;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

/**
 * The stand-in kubelet runs pods in a Docker engine, as the dockershim kubelet did, checked
 * with the real kubectl and Docker's own view: a sandbox holding the pod's network and the
 * pod's containers in it, with the pod's command, environment and limits; the container states
 * and restart counts of the restart policies; liveness and readiness probes; {@code kubectl logs}
 * (also {@code -f} and {@code --previous}) through the apiserver and the kubelet's API; a deleted
 * pod's containers removed. Pods' images run as the fleet's workload image (BusyBox).
 */
class KubeletIT {

  private static final Duration START = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir
  static Path dir;

  static LocalControlPlane plane;

  @BeforeAll
  static void start() {
    plane = new LocalControlPlane(dir, 1);
    plane.kubelet(0, "node-1", "127.0.0.41", "cpu=8\nmemory=16Gi\nephemeral-storage=100Gi\n");
    plane.component("kube-scheduler", "--kubeconfig=" + plane.kubeconfig(0), "--leader-elect=false",
        "--port=" + LoopbackPorts.free(), "--secure-port=0", "--address=127.0.0.1");
    plane.component("kube-controller-manager", "--kubeconfig=" + plane.kubeconfig(0), "--leader-elect=false",
        "--port=" + LoopbackPorts.free(), "--secure-port=0", "--address=127.0.0.1");
    assertThat(Poll.until(Duration.ofSeconds(30), Duration.ofMillis(200),
        () -> kubectl("get", "nodes", "-o", "name").stdout().contains("node/node-1"))).isTrue();
  }

  @AfterAll
  static void stop() {
    if (plane != null) {
      plane.close();
    }
  }

  static Kubectl.Result kubectl(String... args) {
    return Kubectl.at(plane.kubeconfig(0)).run(args);
  }

  static Kubectl.Result ok(String... args) {
    Kubectl.Result result = kubectl(args);
    assertThat(result.exit()).as("kubectl %s\nstdout: %s\nstderr: %s", String.join(" ", args), result.stdout(),
        result.stderr()).isZero();
    return result;
  }

  static void apply(String yaml) {
    Kubectl.Result result = Kubectl.at(plane.kubeconfig(0)).runWithInput(yaml, "apply", "-f", "-");
    assertThat(result.exit()).as("kubectl apply\n%s\n%s", yaml, result.stderr()).isZero();
  }

  static JsonNode pod(String name) {
    try {
      return JSON.readTree(ok("get", "pod", name, "-o", "json").stdout());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean phase(String name, String phase) {
    Kubectl.Result result = kubectl("get", "pod", name, "-o", "jsonpath={.status.phase}");
    return result.ok() && result.stdout().equals(phase);
  }

  static JsonNode containerStatus(String name) {
    return pod(name).path("status").path("containerStatuses").path(0);
  }

  static List<Container> containersOfPod(String pod) {
    return LocalControlPlane.containersOf("node-1").stream()
        .filter(c -> pod.equals(c.getLabels().get("io.kubernetes.pod.name"))).toList();
  }

  static Optional<String> get(String url) {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2))
          .build(), HttpResponse.BodyHandlers.ofString());
      return Optional.of(response.statusCode() + " " + response.body());
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  @Test
  void aPodRunsInItsSandboxWithItsCommandEnvironmentAndLimitsAndServesOnItsAddress() {
    apply("""
        apiVersion: v1
        kind: Pod
        metadata: {name: web, labels: {app: web}}
        spec:
          containers:
          - name: nginx
            image: nginx:1.19
            env: [{name: GREETING, value: hello}, {name: MY_POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
            resources: {limits: {cpu: 500m, memory: 64Mi}}
            readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 1}
        """);
    assertThat(Poll.until(START, Duration.ofMillis(250), () -> phase("web", "Running"))).isTrue();
    assertThat(Poll.until(START, Duration.ofMillis(250), () -> containerStatus("web").path("ready").asBoolean()))
        .as("ready once its readiness probe answers").isTrue();
    JsonNode status = pod("web").path("status");
    String podIp = status.path("podIP").asText();

    List<Container> containers = containersOfPod("web");
    assertThat(containers).extracting(c -> c.getNames()[0]).containsExactlyInAnyOrder(
        "/k8s_POD_web_default_" + pod("web").path("metadata").path("uid").asText() + "_0",
        "/k8s_nginx_web_default_" + pod("web").path("metadata").path("uid").asText() + "_0");
    Container sandbox = containers.stream().filter(c -> c.getNames()[0].startsWith("/k8s_POD")).findFirst().orElseThrow();
    Container nginx = containers.stream().filter(c -> c.getNames()[0].startsWith("/k8s_nginx")).findFirst().orElseThrow();
    InspectContainerResponse inspected = DockerClientFactory.instance().client().inspectContainerCmd(nginx.getId()).exec();
    assertThat(inspected.getHostConfig().getNetworkMode()).isEqualTo("container:" + sandbox.getId());
    assertThat(inspected.getHostConfig().getMemory()).isEqualTo(64L << 20);
    assertThat(inspected.getHostConfig().getNanoCPUs()).isEqualTo(500_000_000L);
    assertThat(inspected.getConfig().getEnv()).contains("GREETING=hello", "MY_POD=web");
    assertThat(status.path("containerStatuses").get(0).path("containerID").asText())
        .isEqualTo("docker://" + nginx.getId());
    assertThat(podIp).isEqualTo(DockerClientFactory.instance().client().inspectContainerCmd(sandbox.getId()).exec()
        .getNetworkSettings().getIpAddress());

    assertThat(get("http://" + podIp + "/")).hasValueSatisfying(answer -> assertThat(answer).startsWith("200 ")
        .contains("Served by a pod on a Slipway fleet node"));
    assertThat(Poll.until(Duration.ofSeconds(10), Duration.ofMillis(250),
        () -> kubectl("logs", "web").stdout().contains("response:200"))).as("httpd's request log through kubectl logs")
        .isTrue();

    String events = ok("get", "events", "--field-selector=involvedObject.name=web", "-o",
        "jsonpath={range .items[*]}{.reason}:{.source.component}{\"\\n\"}{end}").stdout();
    assertThat(events.lines()).contains("Scheduled:default-scheduler", "Created:kubelet", "Started:kubelet");

    ok("delete", "pod", "web");
    assertThat(Poll.until(Duration.ofSeconds(30), Duration.ofMillis(250), () -> containersOfPod("web").isEmpty()))
        .as("the deleted pod's sandbox and container removed").isTrue();
  }

  @Test
  void aPodSeesItsConfigMapSecretAndServiceAccountTokenWhichAuthenticatesItsAccount() throws Exception {
    apply("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings}
        data: {greeting: hello from a config map, other: not mounted}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: password}
        stringData: {password: s3cret}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: reader}
        """);
    assertThat(Poll.until(Duration.ofSeconds(30), Duration.ofMillis(250),
        () -> !kubectl("get", "serviceaccount", "reader", "-o", "jsonpath={.secrets[0].name}").stdout().isEmpty()))
        .as("the controller-manager gave the account a token").isTrue();
    apply("""
        apiVersion: v1
        kind: Pod
        metadata: {name: mounts}
        spec:
          serviceAccountName: reader
          hostNetwork: true
          restartPolicy: Never
          containers:
          - name: show
            image: busybox:1.36
            command: [sh, -c, 'cat /config/hello.txt; echo; cat /secret/password; echo;
              cat /var/run/secrets/kubernetes.io/serviceaccount/namespace; echo;
              echo "service $KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT"; ls /config; touch /scratch/ok && echo scratch']
            volumeMounts:
            - {name: config, mountPath: /config}
            - {name: secret, mountPath: /secret, readOnly: true}
            - {name: scratch, mountPath: /scratch}
          volumes:
          - name: config
            configMap: {name: settings, items: [{key: greeting, path: hello.txt}]}
          - {name: secret, secret: {secretName: password}}
          - {name: scratch, emptyDir: {}}
        """);
    assertThat(Poll.until(START, Duration.ofMillis(250), () -> phase("mounts", "Succeeded")))
        .as("ran to completion: %s", pod("mounts").path("status")).isTrue();
    URI apiserver = URI.create(Kubeconfig.read(plane.kubeconfig(0)).cluster().server());
    assertThat(ok("logs", "mounts").stdout()).as("what the pod saw, on the node's network: the apiserver as the kubelet "
        + "reaches it").isEqualTo("""
        hello from a config map
        s3cret
        default
        service 127.0.0.1:%d
        hello.txt
        scratch
        """.formatted(apiserver.getPort()));
    JsonNode volumes = pod("mounts").path("spec").path("volumes");
    String tokenSecret = volumes.get(volumes.size() - 1).path("secret").path("secretName").asText();
    assertThat(tokenSecret).as("admission mounted the account's token secret").startsWith("reader-token-");
    String token = new String(java.util.Base64.getDecoder().decode(ok("get", "secret", tokenSecret, "-o",
        "jsonpath={.data.token}").stdout()), java.nio.charset.StandardCharsets.UTF_8);
    Path tokenConfig = plane.file("kubeconfig-token", java.nio.file.Files.readString(plane.kubeconfig(0))
        .replaceAll("(?m)^(\\s+)client-certificate: .*$", "$1token: " + token)
        .replaceAll("(?m)^\\s+client-key: .*\\n", ""));
    assertThat(Kubectl.at(tokenConfig).run("get", "pods", "-o", "name").stdout())
        .as("the account's token authenticates kubectl").contains("pod/mounts");
    Path badToken = plane.file("kubeconfig-bad-token", java.nio.file.Files.readString(tokenConfig).replace(token, "x" + token));
    assertThat(Kubectl.at(badToken).run("get", "pods").stderr()).contains("Unauthorized");

    ok("delete", "pod", "mounts");
    assertThat(Poll.until(Duration.ofSeconds(30), Duration.ofMillis(250), () -> containersOfPod("mounts").isEmpty()))
        .isTrue();
  }

  /**
   * Images the fleet does not carry, with programs the workload image lacks (a metrics server
   * given only arguments and probed over HTTPS, a calico node probed by its own binary): the
   * workload image stands in for them, so the pod runs, both containers turn ready and stay up.
   */
  @Test
  void aContainerWhoseProgramTheWorkloadImageLacksStandsInAndPassesItsProbes() {
    apply("""
        apiVersion: v1
        kind: Pod
        metadata: {name: system-agents}
        spec:
          containers:
          - name: metrics-server
            image: registry.k8s.io/metrics-server/metrics-server:v0.6.4
            args: [--cert-dir=/tmp, --secure-port=4443]
            ports: [{name: https, containerPort: 4443}]
            livenessProbe: {httpGet: {path: /livez, port: https, scheme: HTTPS}, periodSeconds: 1, failureThreshold: 1}
            readinessProbe: {httpGet: {path: /readyz, port: https, scheme: HTTPS}, periodSeconds: 1}
          - name: calico-node
            image: rancher/mirrored-calico-node:v3.22.5
            livenessProbe: {exec: {command: [/bin/calico-node, -felix-live]}, periodSeconds: 1, failureThreshold: 1}
            readinessProbe: {exec: {command: [/bin/calico-node, -felix-ready]}, periodSeconds: 1}
        """);
    assertThat(Poll.until(START, Duration.ofMillis(250), () -> {
      JsonNode statuses = pod("system-agents").path("status").path("containerStatuses");
      return statuses.size() == 2 && statuses.get(0).path("ready").asBoolean() && statuses.get(1).path("ready").asBoolean();
    })).as("both containers ready: %s", pod("system-agents").path("status")).isTrue();
    JsonNode pod = pod("system-agents");
    String ip = pod.path("status").path("podIP").asText();
    assertThat(get("http://" + ip + ":4443/livez")).hasValueSatisfying(answer -> assertThat(answer).startsWith("200 "));
    assertThat(ok("logs", "system-agents", "-c", "metrics-server").stdout())
        .contains("--cert-dir=/tmp: not in this image; standing in (HTTP on 4443)");
    // with a failure threshold of 1, one failed liveness probe in these seconds would restart a container
    assertThat(Poll.until(Duration.ofSeconds(5), Duration.ofMillis(500), () -> pod("system-agents").path("status")
        .path("containerStatuses").findValuesAsText("restartCount").stream().anyMatch(n -> !n.equals("0"))))
        .as("a container was restarted: %s", pod("system-agents").path("status")).isFalse();
    ok("delete", "pod", "system-agents");
  }

  @Test
  void kubectlLogsFollowsAContainerAsItWrites() throws Exception {
    apply("""
        apiVersion: v1
        kind: Pod
        metadata: {name: ticker}
        spec:
          containers:
          - name: tick
            image: busybox
            command: [sh, -c, 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 1; done']
        """);
    assertThat(Poll.until(START, Duration.ofMillis(250), () -> phase("ticker", "Running"))).isTrue();
    Process follow = new ProcessBuilder(Kubectl.binary(), "--kubeconfig", plane.kubeconfig(0).toString(), "logs", "-f",
        "ticker").redirectErrorStream(true).start();
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(follow.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (IOException e) {
        // the process was stopped
      }
    });
    reader.start();
    try {
      int seen = lines.size();
      assertThat(Poll.until(Duration.ofSeconds(20), Duration.ofMillis(200), () -> lines.size() >= seen + 3))
          .as("new lines arrive while following: %s", lines).isTrue();
      assertThat(lines).allMatch(line -> line.matches("tick \\d+"), "every line is the container's");
      assertThat(follow.isAlive()).as("still following").isTrue();
    } finally {
      follow.destroy();
    }
    assertThat(kubectl("logs", "ticker", "--tail=2").stdout().lines()).hasSize(2);
    ok("delete", "pod", "ticker");
  }

  @Test
  void aCrashingContainerIsRestartedWithBackOffAndItsPreviousLogKept() {
    apply("""
        apiVersion: v1
        kind: Pod
        metadata: {name: crasher}
        spec:
          containers:
          - name: crash
            image: busybox
            command: [sh, -c, 'echo "run at $(date +%s)"; exit 3']
        """);
    assertThat(Poll.until(START, Duration.ofMillis(250), () -> containerStatus("crasher").path("restartCount").asInt() >= 1))
        .as("restarted after exiting 3").isTrue();
    assertThat(Poll.until(Duration.ofSeconds(20), Duration.ofMillis(250), () -> containerStatus("crasher").path("state")
        .path("waiting").path("reason").asText().equals("CrashLoopBackOff"))).as("in back-off").isTrue();
    JsonNode status = containerStatus("crasher");
    assertThat(status.path("lastState").path("terminated").path("exitCode").asInt()).isEqualTo(3);
    assertThat(status.path("lastState").path("terminated").path("reason").asText()).isEqualTo("Error");
    assertThat(phase("crasher", "Running")).as("a pod restarting its container is Running").isTrue();
    assertThat(kubectl("get", "pod", "crasher").stdout()).contains("CrashLoopBackOff");
    assertThat(ok("logs", "crasher", "--previous").stdout()).startsWith("run at ");
    assertThat(ok("describe", "pod", "crasher").stdout()).containsPattern("Warning\\s+BackOff\\s+.*kubelet");
    ok("delete", "pod", "crasher");
  }

  @Test
  void podsThatRunToCompletionSucceedOrFailByTheirExitCodes() {
    apply("""
        apiVersion: v1
        kind: Pod
        metadata: {name: done}
        spec:
          restartPolicy: Never
          initContainers:
          - {name: prepare, image: busybox, command: [sh, -c, 'echo prepared']}
          containers:
          - {name: work, image: busybox, command: [sh, -c, 'echo worked; exit 0']}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: broken}
        spec:
          restartPolicy: OnFailure
          containers:
          - {name: work, image: busybox, command: [sh, -c, 'exit 0']}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: failed}
        spec:
          restartPolicy: Never
          containers:
          - {name: work, image: busybox, command: [sh, -c, 'exit 7']}
        """);
    assertThat(Poll.until(START, Duration.ofMillis(250), () -> phase("done", "Succeeded"))).isTrue();
    assertThat(ok("logs", "done", "-c", "prepare").stdout()).isEqualTo("prepared\n");
    assertThat(ok("logs", "done").stdout()).isEqualTo("worked\n");
    assertThat(Poll.until(START, Duration.ofMillis(250), () -> phase("broken", "Succeeded")))
        .as("OnFailure: exit 0 ends it").isTrue();
    assertThat(Poll.until(START, Duration.ofMillis(250), () -> phase("failed", "Failed"))).isTrue();
    JsonNode failed = containerStatus("failed");
    assertThat(failed.path("state").path("terminated").path("exitCode").asInt()).isEqualTo(7);
    assertThat(failed.path("restartCount").asInt()).as("Never: not restarted").isZero();
    ok("delete", "pod", "done", "broken", "failed");
  }

  @Test
  void aFailingLivenessProbeRestartsTheContainerAndAFailingReadinessProbeKeepsItUnready() {
    apply("""
        apiVersion: v1
        kind: Pod
        metadata: {name: probed}
        spec:
          containers:
          - name: app
            image: busybox
            command: [sh, -c, 'touch /tmp/healthy; sleep 4; rm /tmp/healthy; sleep 600']
            livenessProbe: {exec: {command: [cat, /tmp/healthy]}, periodSeconds: 1, failureThreshold: 2}
          - name: web
            image: nginx
            # its own server (a stand-in for nginx, without a command, would answer the probe's path)
            command: [httpd, -f, -p, "80", -h, /www]
            readinessProbe: {httpGet: {path: /missing, port: 80}, periodSeconds: 1}
        """);
    assertThat(Poll.until(START, Duration.ofMillis(250), () -> phase("probed", "Running"))).isTrue();
    assertThat(Poll.until(START, Duration.ofMillis(250), () -> {
      JsonNode app = pod("probed").path("status").path("containerStatuses").path(0);
      return app.path("restartCount").asInt() >= 1;
    })).as("killed and restarted once /tmp/healthy is gone").isTrue();
    JsonNode statuses = pod("probed").path("status").path("containerStatuses");
    assertThat(statuses.get(1).path("ready").asBoolean()).as("the 404 readiness probe: not ready").isFalse();
    assertThat(statuses.get(1).path("restartCount").asInt()).as("readiness does not restart").isZero();
    assertThat(kubectl("get", "pod", "probed").stdout()).containsPattern("probed\\s+1/2\\s+Running");
    ok("delete", "pod", "probed");
  }

  @Test
  void aJobRunsItsPodsToCompletionAndOneThatKeepsFailingGivesUpAtItsBackOffLimit() {
    ok("create", "job", "count", "--image=busybox", "--", "sh", "-c", "echo counted to $((6*7))");
    ok("wait", "--for=condition=complete", "job/count", "--timeout=60s");
    assertThat(ok("get", "job", "count").stdout()).containsPattern("count\\s+1/1\\s+");
    assertThat(ok("logs", "job/count").stdout()).isEqualTo("counted to 42\n");

    apply("""
        apiVersion: batch/v1
        kind: Job
        metadata: {name: flaky}
        spec:
          backoffLimit: 1
          template:
            spec:
              restartPolicy: Never
              containers: [{name: work, image: busybox, command: [sh, -c, 'exit 1']}]
        """);
    ok("wait", "--for=condition=failed", "job/flaky", "--timeout=60s");
    JsonNode flaky;
    try {
      flaky = JSON.readTree(ok("get", "job", "flaky", "-o", "json").stdout());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    assertThat(flaky.path("status").path("failed").asInt()).as("tried once more, then gave up").isEqualTo(2);
    assertThat(flaky.path("status").path("conditions").get(0).path("reason").asText()).isEqualTo("BackoffLimitExceeded");

    ok("delete", "job", "count", "flaky");
    assertThat(Poll.until(Duration.ofSeconds(30), Duration.ofMillis(250),
        () -> kubectl("get", "pods", "-l", "job-name", "-o", "name").stdout().isBlank()))
        .as("the Jobs' pods collected with them").isTrue();
  }

  @Test
  void kubectlAuthCanIAnswersAsTheApiserverDecides() {
    assertThat(ok("auth", "can-i", "create", "deployments").stdout().strip()).isEqualTo("yes");
    assertThat(ok("auth", "can-i", "delete", "nodes", "--all-namespaces").stdout().strip()).isEqualTo("yes");
  }
}
