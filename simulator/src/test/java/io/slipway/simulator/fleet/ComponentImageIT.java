package io.slipway.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.engine.config.Role;
import io.slipway.simulator.image.SlipwayImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The components image as a node's dockerd runs it: the programs RKE's images provide are there and work. */
class ComponentImageIT {

  @TempDir
  static Path dir;

  static ContainerFleet fleet;
  static FleetNode node;
  static String image;

  @BeforeAll
  static void start() {
    fleet = ContainerFleet.start(new FleetSpec("image-" + Long.toHexString(System.nanoTime() & 0xffffff),
        List.of(NodeSpec.of("node", Role.WORKER))), FleetOptions.scoped(dir));
    node = fleet.node("node");
    image = fleet.imageReference(SlipwayImage.COMPONENTS);
    node.exec("docker", "pull", image).orThrow("node", "docker pull");
  }

  @AfterAll
  static void stop() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void nginxProxyListensOn6443ForTheApiserversItIsGiven() {
    node.exec("docker", "run", "-d", "--name", "nginx-proxy", "--network", "host", "-e", "CP_HOSTS=10.0.0.1,10.0.0.2",
        image, "nginx-proxy", "CP_HOSTS=10.0.0.1,10.0.0.2").orThrow("node", "run nginx-proxy");
    await().atMost(Duration.ofSeconds(20)).until(() -> node.exec("nc", "-z", "127.0.0.1", "6443").succeeded());
    assertThat(node.exec("docker", "exec", "nginx-proxy", "cat", "/etc/nginx/nginx.conf").stdout())
        .contains("server 10.0.0.1:6443").contains("server 10.0.0.2:6443");
  }

  @Test
  void theStandInComponentsRunUnderTheirRealNames() {
    node.exec("docker", "run", "-d", "--name", "kube-proxy", "--network", "host", image, "kube-proxy",
        "--healthz-bind-address=127.0.0.1", "--v=2").orThrow("node", "run kube-proxy");
    await().atMost(Duration.ofSeconds(30)).until(() ->
        node.exec("bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/10256 && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 "
            + "&& tail -n 1 <&3").stdout().equals("ok"));
    assertThat(node.exec("docker", "logs", "kube-proxy").stdout()).contains("accepted and not acted on: --v=2");
    assertThat(node.exec("docker", "run", "--rm", image, "sh", "-c",
        "for c in kube-apiserver kube-controller-manager kube-scheduler kubelet etcd etcdctl; do command -v $c; done")
        .stdout())
        .contains("/usr/local/bin/kube-apiserver", "/usr/local/bin/kubelet", "/usr/local/bin/etcd");
    assertThat(node.exec("docker", "run", "--rm", image, "test", "-x", "/opt/rke-tools/rke-etcd-backup").exitCode())
        .as("the snapshot tool is installed").isZero();
  }

  @Test
  void privilegedContainersStartOnAFakeNode() {
    // The kubelet and kube-proxy run privileged, as RKE runs them; the node's runtime wrapper
    // drops the one capability our hosts cannot grant.
    ExecResult result = node.exec("docker", "run", "--rm", "--privileged", image, "sh", "-c",
        "grep CapEff /proc/self/status");
    assertThat(result.exitCode()).as("privileged container on a fake node: %s", result.stderr()).isZero();
    assertThat(node.exec("docker", "run", "--rm", "--cap-drop", "ALL", image, "sh", "-c", "grep CapEff /proc/self/status")
        .stdout()).as("a container that asks for less keeps asking for less").contains("0000000000000000");
  }
}
