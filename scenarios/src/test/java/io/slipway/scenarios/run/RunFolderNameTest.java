package io.slipway.scenarios.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunFolderNameTest {

  private static final Instant T = Instant.parse("2026-12-01T12:00:00Z");

  @Test
  void aScenarioNameNeverPutsItsRunFolderOutsideTheReportDirectory() {
    Path reports = Path.of("slipway-runs");
    for (String name : new String[] {"../../x", "/etc/passwd", "..", ".hidden", "a/b", "naïve name", "", "ok-name_1.2"}) {
      Path folder = Rehearsal.runFolder(reports, name, T);
      assertThat(folder.toAbsolutePath().normalize().getParent()).as(name)
          .isEqualTo(reports.toAbsolutePath().normalize());
      assertThat(folder.getFileName().toString()).as(name).doesNotStartWith(".").endsWith("-20261201-120000");
    }
    assertThat(Rehearsal.runFolder(reports, "ok-name_1.2", T).getFileName().toString())
        .isEqualTo("ok-name_1.2-20261201-120000");
    assertThat(Rehearsal.runFolder(Path.of("."), "x", T).getFileName().toString()).isEqualTo("x-20261201-120000");
  }
}
