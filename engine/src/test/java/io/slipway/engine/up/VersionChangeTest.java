package io.slipway.engine.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.engine.BadInputException;
import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.Strictness;
import io.slipway.engine.state.ClusterState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A downgrade is refused before anything is touched; a skipped minor version is warned about. */
class VersionChangeTest {

  private static ClusterConfig config(String version) {
    return ConfigLoader.parse("cluster.yml", "kubernetes_version: " + version + "\nnodes:\n"
        + "  - {address: 10.0.0.1, user: rke, role: [controlplane, etcd, worker]}\n"
        + "  - {address: 10.0.0.2, user: rke, role: [worker]}\n", Strictness.STRICT).config();
  }

  private static ClusterState running(String version) {
    return new ClusterState(List.of(), version);
  }

  @Test
  void aDowngradeIsRefusedNamingBothVersions() {
    assertThatThrownBy(() -> VersionChange.refuseDowngrade(running("v1.14.1-rancher1-1"), config("v1.13.5-rancher1-2")))
        .isInstanceOf(BadInputException.class).hasMessageContaining("v1.13.5-rancher1-2 is older than v1.14.1-rancher1-1")
        .hasMessageContaining("Nothing was changed");
    VersionChange.refuseDowngrade(running("v1.13.5-rancher1-2"), config("v1.14.1-rancher1-1"));
    VersionChange.refuseDowngrade(running(null), config("v1.13.5-rancher1-2"));
  }

  @Test
  void anUpgradeSaysHowItRollsAndASkippedMinorNamesTheSkewPolicy() {
    assertThat(VersionChange.warning(running("v1.13.5-rancher1-2"), config("v1.14.1-rancher1-1"))).get().asString()
        .startsWith("rolling upgrade from v1.13.5-rancher1-2 to v1.14.1-rancher1-1")
        .contains("1 of 1 nodes at a time (max_unavailable_controlplane 1)")
        .contains("1 of 2 at a time (max_unavailable_worker 10%)");
    assertThat(VersionChange.warning(running("v1.13.5-rancher1-2"), config("v1.15.12-rancher2-2"))).get().asString()
        .startsWith("warning: upgrading from v1.13.5-rancher1-2 to v1.15.12-rancher2-2 skips 1 minor version")
        .contains("version-skew policy");
    assertThat(VersionChange.warning(running("v1.13.5-rancher1-2"), config("v1.13.5-rancher1-2"))).isEmpty();
  }
}
