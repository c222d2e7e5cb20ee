package io.slipway.scenarios.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.reports.history.Entry;
import io.slipway.reports.history.Outcome;
import io.slipway.reports.history.ProbeKind;
import io.slipway.reports.history.Verdict;
import io.slipway.scenarios.model.CheckSpec;
import io.slipway.scenarios.probe.CasValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code linearizable} check over hand-made api_cas samples, as the Checker judges and the history keeps it. */
class LinearizableCheckTest {

  private static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");
  private static final CheckSpec.Linearizable CHECK = new CheckSpec.Linearizable(ProbeKind.API_CAS, 1_000_000);

  private static Entry.Sample read(int client, Long value, long at, long end) {
    return new Entry.Sample(ProbeKind.API_CAS, T0.plusMillis(at), T0.plusMillis(end), Outcome.OK,
        CasValue.read(client, value, "7").json(), null);
  }

  private static Entry.Sample cas(int client, Long from, long to, long at, long end, Outcome outcome) {
    return new Entry.Sample(ProbeKind.API_CAS, T0.plusMillis(at), T0.plusMillis(end), outcome,
        CasValue.cas(client, from, to, "7", outcome == Outcome.OK ? "8" : null).json(), outcome == Outcome.OK ? null
        : "HTTP 409");
  }

  /** Two clients taking turns from an absent ConfigMap: create, then increments; the other's turn conflicts. */
  private static List<Entry.Sample> turns(int rounds) {
    List<Entry.Sample> samples = new ArrayList<>();
    samples.add(read(1, null, 0, 10));
    samples.add(cas(1, null, 0, 10, 20, Outcome.OK));
    samples.add(read(2, null, 5, 8));
    samples.add(cas(2, null, 0, 12, 25, Outcome.FAIL));
    for (int i = 0; i < rounds; i++) {
      long t = 100 + i * 100L;
      samples.add(read(1 + i % 2, (long) i, t, t + 10));
      samples.add(cas(1 + i % 2, (long) i, i + 1, t + 10, t + 30, Outcome.OK));
      samples.add(read(2 - i % 2, (long) i, t + 5, t + 15));
      samples.add(cas(2 - i % 2, (long) i, i + 1, t + 20, t + 40, Outcome.FAIL));
    }
    return samples;
  }

  private static Judgement judge(List<Entry.Sample> samples) {
    return new Checker(samples, T0, T0.plusSeconds(3600)).judge(CHECK);
  }

  @Test
  void turnsWithConflictsLinearize() {
    Judgement judgement = judge(turns(20));
    assertThat(judgement.verdict()).as(judgement.summary()).isEqualTo(Verdict.PASS);
    assertThat(judgement.figures().get("acknowledged_cas").asInt()).as("the create and 20 increments").isEqualTo(21);
    assertThat(judgement.figures().get("operations").asInt()).as("two reads and a cas a round; conflicts left out")
        .isEqualTo(63);
  }

  @Test
  void aConflictAcknowledgedInsteadFailsWithItsWindowInTheFigures() {
    List<Entry.Sample> samples = turns(20);
    // round 10: the second client's cas 10→11 was acknowledged too
    samples.add(cas(2, 10L, 11, 1120, 1140, Outcome.OK));
    Judgement judgement = judge(samples);
    assertThat(judgement.verdict()).as(judgement.summary()).isEqualTo(Verdict.FAIL);
    assertThat(judgement.summary()).as("names the clients and the two cas").contains("clients [1, 2]")
        .contains("client 1 cas 10→11 ok").contains("client 2 cas 10→11 ok");
    // no instant from the round's first read to the second cas's answer is quiet: those four are the window
    assertThat(judgement.figures().get("window")).as("the window, operation by operation").hasSize(4);
    assertThat(judgement.figures().get("window").get(3).get("client").asInt()).isEqualTo(2);
    assertThat(judgement.figures().get("window").get(3).get("expected").asLong()).isEqualTo(10);
    assertThat(judgement.figures().get("window_from").asText()).isEqualTo(T0.plusMillis(1100).toString());
    assertThat(judgement.figures().get("window_to").asText()).isEqualTo(T0.plusMillis(1140).toString());
  }

  @Test
  void aStaleReadAfterAnAcknowledgedCasFails() {
    List<Entry.Sample> samples = turns(20);
    samples.add(read(3, 4L, 2050, 2060));
    Judgement judgement = judge(samples);
    assertThat(judgement.verdict()).as(judgement.summary()).isEqualTo(Verdict.FAIL);
    assertThat(judgement.summary()).contains("client 3 read 4 ok");
  }

  @Test
  void tooFewAnsweredOperationsAreUnknown() {
    Judgement judgement = judge(List.of(read(1, null, 0, 10), cas(1, null, 0, 10, 20, Outcome.OK)));
    assertThat(judgement.verdict()).isEqualTo(Verdict.UNKNOWN);
  }

  @Test
  void aSearchThatReachesItsBoundIsUnknownAndSaysSo() {
    List<Entry.Sample> samples = new ArrayList<>();
    for (int c = 1; c <= 12; c++) {
      samples.add(cas(c, (long) c, c + 1, 0, 5000, Outcome.INDETERMINATE));
    }
    for (int i = 0; i < 6; i++) {
      samples.add(read(20, i % 2 == 0 ? 13L : 1L, 10 + i * 10L, 15 + i * 10L));
    }
    Judgement judgement = new Checker(samples, T0, T0.plusSeconds(60)).judge(new CheckSpec.Linearizable(
        ProbeKind.API_CAS, 20));
    assertThat(judgement.verdict()).as(judgement.summary()).isEqualTo(Verdict.UNKNOWN);
    assertThat(judgement.summary()).contains("reached its bound of 20 steps");
    assertThat(judgement.figures().get("bound_reached").asBoolean()).isTrue();
  }

  @Test
  void theCheckKeepsItsBoundInTheJsonOfItsJudgement() {
    var json = CheckSpecJson.of(CHECK);
    assertThat(json.toString()).isEqualTo("{\"kind\":\"linearizable\",\"probe\":\"api_cas\",\"max_steps\":1000000}");
    assertThat(CheckSpecJson.read(json)).as("read back alike, for --rejudge").isEqualTo(CHECK);
  }
}
