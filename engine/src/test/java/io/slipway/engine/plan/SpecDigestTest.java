package io.slipway.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The spec hash is SHA-256 over the fields joined as the state files' hashes were computed, for any text. */
class SpecDigestTest {

  /** The hash as first defined: each field as one string (lists joined by U+0001), UTF-8, each followed by a zero byte. */
  private static String reference(ContainerSpec spec) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    List<String> parts = new ArrayList<>(List.of(spec.name(), spec.image(), String.join("\u0001", spec.command()),
        String.join("\u0001", spec.env()), String.join("\u0001", spec.binds()), spec.networkMode(), spec.pidMode(),
        Boolean.toString(spec.privileged()), spec.restartPolicy()));
    if (!spec.volumes().isEmpty() || !spec.volumesFrom().isEmpty() || !spec.started()) {
      parts.addAll(List.of(String.join("\u0001", spec.volumes()), String.join("\u0001", spec.volumesFrom()),
          Boolean.toString(spec.started())));
    }
    for (String part : parts) {
      sha.update(part.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
    }
    return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
  }

  private static ContainerSpec spec(List<String> command, List<String> env) {
    return new ContainerSpec("kubelet", "hyperkube:1", command, env, List.of("/a:/b:z"), "host", "host", true, "always",
        Map.of(), List.of(), List.of(), true);
  }

  @Test
  void asciiAccentsOtherScriptsAndLoneSurrogatesHashAsTheyAlwaysDid() throws Exception {
    List<ContainerSpec> specs = List.of(
        spec(List.of("kubelet", "--v=2"), List.of("A=1")),
        spec(List.of("kubelet", "--node-labels=zone=Zürich"), List.of("GREETING=日本語")),
        spec(List.of("kubelet", "--odd=\uD800", "--pair=\uD83D\uDE00", "--end=\uDBFF"), List.of()),
        spec(List.of(), List.of()),
        spec(List.of("x".repeat(10_000), "y"), List.of("Z=" + "é".repeat(5_000))),
        ContainerSpec.volumeHolder("service-sidekick", "rke-tools:1", List.of("/bin/bash"), List.of("/opt/rke-tools")));
    SpecDigest digest = new SpecDigest();
    for (ContainerSpec spec : specs) {
      assertThat(digest.of(spec, spec.command())).as("hash of %s, with one digest for all", spec.command())
          .isEqualTo(reference(spec));
      assertThat(spec.hash()).as("ContainerSpec.hash of %s", spec.command()).isEqualTo(reference(spec));
    }
  }

  @Test
  void aSingleNullEnvironmentEntryHashesAsTheWordNull() throws Exception {
    ContainerSpec spec = spec(List.of("kubelet"), Collections.singletonList(null));
    assertThat(spec.hash()).isEqualTo(reference(spec));
  }
}
