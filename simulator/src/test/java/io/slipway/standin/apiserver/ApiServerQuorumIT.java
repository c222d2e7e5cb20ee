package io.slipway.standin.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the apiservers do when etcd loses one member, then quorum. */
class ApiServerQuorumIT {

  @TempDir
  static Path dir;

  static LocalControlPlane plane;

  @BeforeAll
  static void start() {
    plane = new LocalControlPlane(dir, 3);
  }

  @AfterAll
  static void stop() {
    if (plane != null) {
      plane.close();
    }
  }

  @Test
  void oneMemberDownKeepsEveryApiserverWorkingTwoDownFailWritesAndReadiness() {
    plane.etcd.stop(0);
    for (int i = 0; i < 3; i++) {
      try (KubernetesClient client = plane.client(i)) {
        String name = "one-down-" + i;
        client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        assertThat(client.configMaps().withName(name).get()).as("read back through apiserver %s", i).isNotNull();
      }
      assertThat(plane.readyz(plane.ports.get(i))).as("apiserver %s ready with 2 of 3 members", i).isEqualTo(200);
    }

    plane.etcd.stop(1);
    try (KubernetesClient client = plane.client(0)) {
      assertThatThrownBy(() -> client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("no-quorum")
          .endMetadata().build()).create())
          .as("a write without quorum fails with an error, not a hang")
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(500));
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> plane.readyz(plane.ports.get(1)) == 500);

    plane.etcd.start(0);
    plane.etcd.start(1);
    await().atMost(Duration.ofSeconds(60)).until(() -> plane.readyz(plane.ports.get(2)) == 200);
    try (KubernetesClient client = plane.client(2)) {
      assertThat(client.configMaps().withName("one-down-0").get()).as("written before the outage").isNotNull();
    }
  }
}
