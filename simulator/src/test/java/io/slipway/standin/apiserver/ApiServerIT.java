package io.slipway.standin.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three stand-in apiservers on a real three-member etcd, checked with the fabric8 client. */
class ApiServerIT {

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
  void anUnauthenticatedRequestIsRefused() {
    assertThat(plane.anonymous(plane.ports.get(0), "/api/v1/namespaces/default/configmaps"))
        .as("no client certificate").isEqualTo(401);
  }

  @Test
  void configMapsAreCreatedReadUpdatedPatchedAndDeletedThroughAnyApiserver() {
    try (KubernetesClient one = plane.client(0); KubernetesClient two = plane.client(1)) {
      ConfigMap created = one.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("crud")
          .addToLabels("app", "slipway").endMetadata().addToData("a", "1").build()).create();
      assertThat(created.getMetadata().getResourceVersion()).isNotBlank();
      assertThat(created.getMetadata().getUid()).isNotBlank();

      ConfigMap read = two.configMaps().withName("crud").get();
      assertThat(read.getData()).containsEntry("a", "1");

      read.getData().put("b", "2");
      ConfigMap updated = two.configMaps().resource(read).update();
      assertThat(Long.parseLong(updated.getMetadata().getResourceVersion()))
          .isGreaterThan(Long.parseLong(created.getMetadata().getResourceVersion()));

      ConfigMap merged = one.configMaps().withName("crud").patch(PatchContext.of(PatchType.JSON_MERGE),
          "{\"data\":{\"c\":\"3\",\"a\":null}}");
      assertThat(merged.getData()).containsOnly(Map.entry("b", "2"), Map.entry("c", "3"));

      ConfigMap edited = two.configMaps().withName("crud").edit(cm -> new ConfigMapBuilder(cm).addToData("d", "4").build());
      assertThat(edited.getData()).containsKeys("b", "c", "d");

      assertThat(one.configMaps().withLabel("app", "slipway").list().getItems()).extracting(c -> c.getMetadata().getName())
          .contains("crud");
      assertThat(one.configMaps().withLabel("app", "other").list().getItems()).isEmpty();

      assertThat(one.configMaps().withName("crud").delete()).isNotEmpty();
      assertThat(two.configMaps().withName("crud").get()).isNull();
    }
  }

  @Test
  void anUpdateAtAStaleResourceVersionIsAConflict() {
    try (KubernetesClient client = plane.client(2)) {
      ConfigMap first = client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("cas").endMetadata()
          .addToData("v", "1").build()).create();
      client.configMaps().withName("cas").edit(cm -> new ConfigMapBuilder(cm).addToData("v", "2").build());
      first.getData().put("v", "stale");
      assertThatThrownBy(() -> client.configMaps().resource(first).update())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    }
  }

  @Test
  void aWatchOnOneApiserverSeesWritesMadeThroughAnother() {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (KubernetesClient watcher = plane.client(1); KubernetesClient writer = plane.client(2)) {
      // fabric8 returns from watch() before an HTTP watch reaches the server; a marker object the
      // watch has delivered proves it is in place, so every later write has to come through it
      writer.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("w0").addToLabels("watched", "yes")
          .endMetadata().build()).create();
      try (Watch watch = watcher.configMaps().withLabel("watched", "yes").watch(new Watcher<>() {
        @Override
        public void eventReceived(Action action, ConfigMap resource) {
          seen.add(action + " " + resource.getMetadata().getName());
        }

        @Override
        public void onClose(WatcherException cause) {
        }
      })) {
        await().atMost(Duration.ofSeconds(30)).until(() -> seen.contains("ADDED w0"));
        writer.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("w1").addToLabels("watched", "yes")
            .endMetadata().build()).create();
        writer.configMaps().withName("w1").edit(cm -> new ConfigMapBuilder(cm).addToData("k", "v").build());
        writer.configMaps().withName("w1").delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() >= 4);
      } finally {
        writer.configMaps().withName("w0").delete();
      }
    }
    assertThat(seen).containsExactly("ADDED w0", "ADDED w1", "MODIFIED w1", "DELETED w1");
  }
}
