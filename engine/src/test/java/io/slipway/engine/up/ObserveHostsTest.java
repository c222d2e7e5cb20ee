package io.slipway.engine.up;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.engine.plan.ObservedFile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the one command that looks at a host's files is read. */
class ObserveHostsTest {

  private static final String HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  @Test
  void aFileIsKnownByItsHashAndMode() {
    String output = HASH + "  /etc/kubernetes/ssl/kube-ca.pem\n#modes\n600 /etc/kubernetes/ssl/kube-ca.pem\n";
    assertThat(ObserveHosts.parseFiles(output))
        .containsExactlyEntriesOf(Map.of("/etc/kubernetes/ssl/kube-ca.pem", new ObservedFile(HASH, 0600)));
  }

  @Test
  void aFileWithoutHashOrWithoutModeIsLeftOutAndWillBeWritten() {
    String output = HASH + "  /a\n#modes\n644 /b\nnot-a-mode /a\n";
    assertThat(ObserveHosts.parseFiles(output)).isEmpty();
  }

  @Test
  void aFileHeldWithAnotherModeIsNotHeldAsPlanned() {
    ObservedFile file = new ObservedFile(HASH, 0644);
    assertThat(file.holds(HASH, 0644)).isTrue();
    assertThat(file.holds(HASH, 0600)).isFalse();
    assertThat(file.holds("0".repeat(64), 0644)).isFalse();
  }
}
