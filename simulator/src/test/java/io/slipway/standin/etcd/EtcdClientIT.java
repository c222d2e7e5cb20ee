package io.slipway.standin.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The etcd client against a real three-member etcd cluster with mutual TLS. */
class EtcdClientIT {

  @TempDir
  static Path dir;

  static LocalEtcdCluster etcd;
  static EtcdClient client;

  @BeforeAll
  static void startEtcd() {
    etcd = new LocalEtcdCluster(dir, 3);
    client = etcd.newClient(Duration.ofSeconds(3));
  }

  @AfterAll
  static void stopEtcd() {
    if (etcd != null) {
      etcd.close();
    }
  }

  @Test
  void createUpdateAndDeleteAreConditionalOnTheRevision() {
    String key = "/registry/configmaps/default/cas";
    long created = client.create(key, bytes("v1")).orElseThrow();
    assertThat(client.create(key, bytes("again"))).as("create of an existing key").isEmpty();
    assertThat(client.update(key, bytes("stale"), created - 1)).as("update at a stale revision").isEmpty();
    long updated = client.update(key, bytes("v2"), created).orElseThrow();
    assertThat(updated).isGreaterThan(created);
    assertThat(new String(client.get(key).orElseThrow().value(), StandardCharsets.UTF_8)).isEqualTo("v2");
    assertThat(client.delete(key, created)).as("delete at a stale revision").isEmpty();
    assertThat(client.delete(key, updated)).isPresent();
    assertThat(client.get(key)).isEmpty();
  }

  @Test
  void rangeListsAPrefixInKeyOrderAtARevision() {
    client.put("/registry/namespaces/b", bytes("b"));
    client.put("/registry/namespaces/a", bytes("a"));
    client.put("/registry/namespacesX", bytes("not under the prefix"));
    EtcdClient.Range range = client.range("/registry/namespaces/");
    assertThat(range.kvs()).extracting(KeyValue::key).containsExactly("/registry/namespaces/a", "/registry/namespaces/b");
    assertThat(range.revision()).isGreaterThanOrEqualTo(range.kvs().get(1).modRevision());
  }

  @Test
  void aWatchSeesPutsAndDeletesAfterItsRevision() throws Exception {
    long from = client.put("/registry/leases/kube-system/x", bytes("before"));
    List<WatchEvent> seen = new CopyOnWriteArrayList<>();
    try (AutoCloseable watch = client.watch("/registry/leases/", from, seen::add, error -> { })) {
      long second = client.put("/registry/leases/kube-system/x", bytes("after"));
      client.delete("/registry/leases/kube-system/x", second);
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= 2);
    }
    assertThat(seen).extracting(WatchEvent::type).containsExactly(WatchEvent.Type.PUT, WatchEvent.Type.DELETE);
    assertThat(new String(seen.get(0).kv().value(), StandardCharsets.UTF_8)).isEqualTo("after");
    assertThat(new String(seen.get(1).previous().value(), StandardCharsets.UTF_8)).isEqualTo("after");
  }

  @Test
  void writesFailOverToAnotherMemberAndFailWithoutQuorum() {
    etcd.stop(0);
    try {
      assertThat(client.put("/registry/configmaps/default/one-down", bytes("ok"))).as("2 of 3 members keep quorum")
          .isPositive();
      etcd.stop(1);
      try {
        long start = System.nanoTime();
        Assertions.assertThatThrownBy(() -> client.put("/registry/configmaps/default/x", bytes("x")))
            .isInstanceOf(EtcdException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("fails within the client timeout per member")
            .isLessThan(Duration.ofSeconds(3 * 3 + 2));
        assertThat(client.healthy()).isFalse();
      } finally {
        etcd.start(1);
      }
    } finally {
      etcd.start(0);
    }
    await().atMost(Duration.ofSeconds(30)).until(client::healthy);
    assertThat(client.get("/registry/configmaps/default/one-down")).isPresent();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
