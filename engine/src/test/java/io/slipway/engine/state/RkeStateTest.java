package io.slipway.engine.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.engine.config.Role;
import io.slipway.engine.pki.CertificateAuthority;
import io.slipway.engine.pki.IssuedCertificate;
import io.slipway.engine.pki.KeyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading RKE's cluster.rkestate: where it lies, what is taken from it, and what makes it unusable. */
class RkeStateTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void itLiesBesideClusterYmlUnderRkesName() {
    assertThat(RkeState.beside(dir.resolve("cluster.yml"))).isEqualTo(dir.resolve("cluster.rkestate").toAbsolutePath());
    assertThat(RkeState.besideStateFile(dir.resolve("prod.slipwaystate")))
        .isEqualTo(dir.resolve("prod.rkestate").toAbsolutePath());
  }

  @Test
  void noFileIsNoState() {
    assertThat(RkeState.read(dir.resolve("cluster.rkestate"))).isEmpty();
  }

  @Test
  void theNodesComeFromTheCurrentStateNamedAsRkeNamesThem() throws Exception {
    IssuedCertificate ca = CertificateAuthority.create("kube-ca", KeyType.ECDSA_P256, Clock.systemUTC(),
        new SecureRandom()).asIssued();
    ObjectNode state = JSON.createObjectNode();
    ObjectNode current = state.putObject("currentState");
    current.set("rkeConfig", JSON.readTree("""
        {"nodes": [{"address": "10.0.0.1", "hostnameOverride": "Master-1", "role": ["controlplane", "etcd"]},
                   {"address": "10.0.0.2", "internalAddress": "172.16.0.2", "role": ["worker"]}]}
        """));
    current.putObject("certificatesBundle").putObject("kube-ca").put("certificatePEM", ca.certificatePem())
        .put("keyPEM", ca.privateKeyPem());
    Path file = Files.writeString(dir.resolve("cluster.rkestate"), state.toString());
    StateStore.Saved saved = RkeState.read(file).orElseThrow();
    assertThat(saved.cluster().nodes()).extracting(ClusterState.NodeRecord::hostname, ClusterState.NodeRecord::internalAddress)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("master-1", "10.0.0.1"),
            org.assertj.core.groups.Tuple.tuple("10.0.0.2", "172.16.0.2"));
    assertThat(saved.cluster().nodes().get(0).roles()).containsExactlyInAnyOrder(Role.CONTROLPLANE, Role.ETCD);
    assertThat(saved.certificates().orElseThrow().require("kube-ca").certificatePem()).isEqualTo(ca.certificatePem());
  }

  @Test
  void aFileThatIsNotRkesStateIsRefusedNamingWhy() throws Exception {
    Path notJson = Files.writeString(dir.resolve("a.rkestate"), "nodes: []");
    assertThatThrownBy(() -> RkeState.read(notJson)).hasMessageStartingWith(notJson + ": cannot adopt RKE's state: "
        + "it is not readable JSON").hasMessageEndingWith("nothing was changed");
    Path noCa = Files.writeString(dir.resolve("b.rkestate"), "{\"currentState\": {\"certificatesBundle\": "
        + "{\"kube-node\": {\"certificatePEM\": \"x\", \"keyPEM\": \"\"}}}}");
    assertThatThrownBy(() -> RkeState.read(noCa)).hasMessageContaining("its certificatesBundle has no kube-ca with a key");
  }
}
