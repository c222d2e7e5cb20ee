package io.slipway.scenarios.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.reports.RunFolder;
import io.slipway.reports.history.Entry;
import io.slipway.reports.history.HistoryJson;
import io.slipway.reports.history.Outcome;
import io.slipway.reports.history.ProbeKind;
import io.slipway.reports.history.Verdict;
import io.slipway.scenarios.model.CheckSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stored run judged again from its history alone, on a hand-made history whose answers are known. */
class RejudgeTest {

  private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  @TempDir
  Path dir;

  /** A run: 20 reads (one failed) and 5 acknowledged writes, then checks as a rehearsal records them. */
  private List<Entry> history(Verdict recordedAvailability, Verdict recordedWrites) {
    List<Entry> entries = new ArrayList<>();
    entries.add(new Entry.RunStarted("rejudge", 1, "f", "0.1.0", "20.10", T0));
    for (int s = 0; s < 20; s++) {
      Instant at = T0.plusSeconds(s);
      entries.add(new Entry.Sample(ProbeKind.API_READ, at, at.plusMillis(20), s == 7 ? Outcome.FAIL : Outcome.OK, null,
          s == 7 ? "refused" : null));
    }
    for (int w = 1; w <= 5; w++) {
      Instant at = T0.plusSeconds(w);
      entries.add(new Entry.Sample(ProbeKind.API_WRITE, at, at.plusMillis(30), Outcome.OK,
          F.objectNode().put("sequence", w), null));
    }
    CheckSpec availability = new CheckSpec.Availability(ProbeKind.API_READ, 0.9);
    entries.add(judged("expect-1", "availability of api_read", recordedAvailability, availability, entries.size()));
    ObjectNode finalRead = F.objectNode();
    finalRead.putArray("present").add(1).add(2).add(3).add(5);  // 4 was acknowledged and is gone
    entries.add(new Entry.Observed("expect-2", "final-read", finalRead, T0.plusSeconds(21)));
    entries.add(judged("expect-2", "no_lost_writes", recordedWrites, new CheckSpec.NoLostWrites(), entries.size()));
    // a sample recorded after the checks looked: it must not change what they saw
    entries.add(new Entry.Sample(ProbeKind.API_READ, T0.plusSeconds(19), T0.plusSeconds(25), Outcome.FAIL, null, "late"));
    entries.add(new Entry.Judged("kubectl-3", "kubectl get nodes", Verdict.PASS, "7 nodes", F.objectNode(),
        T0.plusSeconds(26)));
    entries.add(new Entry.RunEnded(Verdict.FAIL, T0.plusSeconds(27)));
    return entries;
  }

  private static Entry.Judged judged(String step, String name, Verdict verdict, CheckSpec spec, int saw) {
    return new Entry.Judged(step, name, verdict, "as recorded", F.objectNode(), T0.plusSeconds(22),
        CheckSpecJson.of(spec), T0, T0.plusSeconds(20), saw);
  }

  private RunFolder stored(List<Entry> entries) throws Exception {
    Files.write(dir.resolve("history.jsonl"), entries.stream().map(HistoryJson::line).toList());
    return RunFolder.read(dir);
  }

  @Test
  void theVerdictsOfAStoredRunAreJudgedAgainTheSameOnWhatEachCheckSaw() throws Exception {
    List<Rejudge.Row> rows = Rejudge.of(stored(history(Verdict.PASS, Verdict.FAIL)));
    assertThat(rows).extracting(Rejudge.Row::check).containsExactly("availability of api_read", "no_lost_writes",
        "kubectl get nodes");
    assertThat(rows).allMatch(Rejudge.Row::same);
    assertThat(rows.get(0).again().orElseThrow().figures().path("failed").asInt())
        .as("the sample recorded after the check looked is not counted").isEqualTo(1);
    assertThat(rows.get(1).again().orElseThrow().summary()).isEqualTo("1 acknowledged writes lost: [4]");
    assertThat(rows.get(2).again()).as("a check judged live is kept as recorded").isEmpty();
  }

  @Test
  void aVerdictTheHistoryDoesNotSupportIsFound() throws Exception {
    List<Rejudge.Row> rows = Rejudge.of(stored(history(Verdict.PASS, Verdict.PASS)));
    assertThat(rows).filteredOn(r -> !r.same()).extracting(Rejudge.Row::check).containsExactly("no_lost_writes");
  }

  @Test
  void checkSpecsKeepTheirKindAndParametersInJson() {
    CheckSpec gap = new CheckSpec.Gap(ProbeKind.API_READ, Duration.ofMillis(15_500));
    ObjectNode json = CheckSpecJson.of(gap);
    assertThat(json.toString()).isEqualTo("{\"kind\":\"gap\",\"probe\":\"api_read\",\"below\":\"PT15.5S\"}");
    assertThat(CheckSpecJson.read(json)).isEqualTo(gap);
    for (CheckSpec spec : List.of(new CheckSpec.NoLostWrites(), new CheckSpec.NodesReady(7, Duration.ofMinutes(2)),
        new CheckSpec.Restarted("master-1", "kube-apiserver"), new CheckSpec.SnapshotPresent())) {
      assertThat(CheckSpecJson.read(CheckSpecJson.of(spec))).isEqualTo(spec);
    }
  }
}
