package io.slipway.scenarios.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.reports.history.Entry;
import io.slipway.reports.history.Outcome;
import io.slipway.reports.history.ProbeKind;
import io.slipway.reports.history.Verdict;
import io.slipway.scenarios.model.CheckSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checkers over hand-made histories whose right answers are known. */
class CheckerTest {

  private static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");

  /** One sample per second from T0: ok except for the seconds listed. */
  private static List<Entry.Sample> reads(int seconds, int... failing) {
    List<Entry.Sample> samples = new ArrayList<>();
    for (int s = 0; s < seconds; s++) {
      final int second = s;
      boolean fails = Arrays.stream(failing).anyMatch(f -> f == second);
      Instant at = T0.plusSeconds(s);
      samples.add(new Entry.Sample(ProbeKind.API_READ, at, at.plusMillis(fails ? 1000 : 20),
          fails ? Outcome.FAIL : Outcome.OK, null, fails ? "refused" : null));
    }
    return samples;
  }

  private static Checker over(List<Entry.Sample> samples) {
    return new Checker(samples, T0, T0.plusSeconds(3600));
  }

  /** Writes 1..n, one per second from T0, each acknowledged 50 ms after it was sent. */
  private static List<Entry.Sample> writes(int n) {
    List<Entry.Sample> samples = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      Instant at = T0.plusSeconds(i);
      samples.add(new Entry.Sample(ProbeKind.API_WRITE, at, at.plusMillis(50), Outcome.OK,
          JsonNodeFactory.instance.objectNode().put("sequence", i), null));
    }
    return samples;
  }

  @Test
  void aWriteAcknowledgedWhileTheFinalReadRanIsNotCountedLostButOneAcknowledgedBeforeIs() {
    var read = JsonNodeFactory.instance.objectNode();
    read.putArray("present").add(1).add(2).add(3);
    // write 4 was sent at +4 s and acknowledged at +4.05 s; the read was sent at +4.02 s
    Judgement racing = over(writes(4)).judge(new CheckSpec.NoLostWrites(),
        read.deepCopy().put("sent", T0.plusMillis(4020).toString()));
    assertThat(racing.verdict()).isEqualTo(Verdict.PASS);
    assertThat(racing.figures().get("concurrent_with_read").asInt()).isEqualTo(1);
    // sent after write 4 was acknowledged, the read must have seen it: lost
    Judgement after = over(writes(4)).judge(new CheckSpec.NoLostWrites(),
        read.deepCopy().put("sent", T0.plusMillis(4100).toString()));
    assertThat(after.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(after.summary()).isEqualTo("1 acknowledged writes lost: [4]");
  }

  @Test
  void writesBetweenASnapshotAndItsRestoreMayBeLostButNoneBeforeOrAfter() {
    // writes 1..10 acknowledged at +1.05 .. +10.05 s; snapshot at +3.5 s, restore ended at +7.5 s
    var read = JsonNodeFactory.instance.objectNode().put("may_lose_from", T0.plusMillis(3500).toString())
        .put("may_lose_to", T0.plusMillis(7500).toString());
    read.putArray("present").add(1).add(2).add(3).add(5).add(8).add(9).add(10);
    CheckSpec.NoLostWrites check = new CheckSpec.NoLostWrites(new CheckSpec.NoLostWrites.MayLose("snapshot",
        "restore"));
    Judgement restored = over(writes(10)).judge(check, read);
    assertThat(restored.verdict()).isEqualTo(Verdict.PASS);
    assertThat(restored.figures().get("may_lose").asInt()).isEqualTo(4);
    assertThat(restored.figures().get("lost_as_expected").asInt()).as("4, 6 and 7").isEqualTo(3);
    assertThat(restored.summary()).contains("of 4 acknowledged between a snapshot and its restore, 3 lost");

    read.withArray("present").removeAll().add(1).add(3).add(8).add(9).add(10);
    Judgement beforeLost = over(writes(10)).judge(check, read);
    assertThat(beforeLost.verdict()).as("write 2 came before the snapshot").isEqualTo(Verdict.FAIL);
    assertThat(beforeLost.summary()).startsWith("1 acknowledged writes lost: [2]");
    assertThat(over(writes(10)).judge(new CheckSpec.NoLostWrites(), read).verdict()).as("without the window")
        .isEqualTo(Verdict.FAIL);
  }

  @Test
  void everyEarlierRestoreExcusesItsWindowInLaterChecksToo() {
    // two restores: of a snapshot at +3.5 s ended at +5.5 s, and of one at +7.5 s ended at +8.5 s
    var read = JsonNodeFactory.instance.objectNode();
    read.putArray("may_lose").add(window(3500, 5500)).add(window(7500, 8500));
    read.putArray("present").add(1).add(2).add(3).add(6).add(7).add(9).add(10);
    Judgement later = over(writes(10)).judge(new CheckSpec.NoLostWrites(), read);
    assertThat(later.verdict()).as("4, 5 and 8 were undone by the restores").isEqualTo(Verdict.PASS);
    assertThat(later.figures().get("may_lose").asInt()).isEqualTo(3);
    assertThat(later.figures().get("acknowledged").asInt()).isEqualTo(7);

    read.withArray("present").removeAll().add(1).add(2).add(3).add(7).add(9).add(10);
    Judgement between = over(writes(10)).judge(new CheckSpec.NoLostWrites(), read);
    assertThat(between.verdict()).as("write 6 came after the first restore, before the second snapshot")
        .isEqualTo(Verdict.FAIL);
    assertThat(between.summary()).startsWith("1 acknowledged writes lost: [6]");
  }

  private static ObjectNode window(long fromMillis, long toMillis) {
    return JsonNodeFactory.instance.objectNode().put("from", T0.plusMillis(fromMillis).toString())
        .put("to", T0.plusMillis(toMillis).toString());
  }

  @Test
  void restartsAreCountedFromASampleTakenBeforeTheWindowElseTheCheckCannotTell() {
    List<Entry.Sample> samples = new ArrayList<>();
    for (int s = 0; s < 10; s++) {
      Instant at = T0.plusSeconds(2L * s);
      var value = JsonNodeFactory.instance.objectNode();
      value.putObject("master-1").putObject("kube-apiserver").put("state", "running").put("restarts", s < 3 ? 0 : 1);
      samples.add(new Entry.Sample(ProbeKind.CONTAINERS, at, at.plusMillis(500), Outcome.OK, value, null));
    }
    CheckSpec.Restarted apiserver = new CheckSpec.Restarted("master-1", "kube-apiserver");
    // killed at 5 s: the sample of 4 s (ended 4.5 s) saw 0 restarts, later ones 1
    Judgement killed = new Checker(samples, T0.plusSeconds(5), T0.plusSeconds(20)).judge(apiserver);
    assertThat(killed.verdict()).isEqualTo(Verdict.PASS);
    assertThat(killed.figures().get("restarts_before").asInt()).isZero();
    // a window from before the first sample has nothing to count from: unknown, not a failure
    Judgement early = new Checker(samples.subList(3, 10), T0.plusSeconds(5), T0.plusSeconds(20)).judge(apiserver);
    assertThat(early.verdict()).isEqualTo(Verdict.UNKNOWN);
  }

  @Test
  void availabilityIsTheShareOfOkAmongDeterminateSamples() {
    Judgement j = over(reads(20, 3, 4)).judge(new CheckSpec.Availability(ProbeKind.API_READ, 0.95));
    assertThat(j.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(j.figures().get("availability").asDouble()).isEqualTo(0.9);
    assertThat(over(reads(20, 3)).judge(new CheckSpec.Availability(ProbeKind.API_READ, 0.95)).verdict())
        .isEqualTo(Verdict.PASS);
  }

  @Test
  void tooFewSamplesAreUnknownNotAPass() {
    assertThat(over(reads(3)).judge(new CheckSpec.Availability(ProbeKind.API_READ, 0.5)).verdict())
        .isEqualTo(Verdict.UNKNOWN);
    assertThat(Verdict.of(List.of(Verdict.PASS, Verdict.UNKNOWN))).isEqualTo(Verdict.UNKNOWN);
  }

  @Test
  void theGapRunsFromTheLastSuccessBeforeAFailureToTheNextSuccess() {
    // ok at 0..4 (ends at +20 ms), fail at 5, 6, 7, ok at 8 (ends 8.020): gap 4.020 → 8.020 = 4 s
    Judgement j = over(reads(12, 5, 6, 7)).judge(new CheckSpec.Gap(ProbeKind.API_READ, Duration.ofSeconds(5)));
    assertThat(j.verdict()).isEqualTo(Verdict.PASS);
    assertThat(j.figures().get("longest_gap_ms").asLong()).isEqualTo(4000);
    assertThat(over(reads(12, 5, 6, 7)).judge(new CheckSpec.Gap(ProbeKind.API_READ, Duration.ofSeconds(3))).verdict())
        .isEqualTo(Verdict.FAIL);
    assertThat(over(reads(12, 10, 11)).judge(new CheckSpec.Gap(ProbeKind.API_READ, Duration.ofSeconds(30))).verdict())
        .as("still failing when the window ends").isEqualTo(Verdict.FAIL);
  }

  @Test
  void etcdsLeaderMoveIsReadFromTheEtcdProbeEvenWhileAMemberIsDown() {
    List<Entry.Sample> samples = new ArrayList<>();
    for (int s = 0; s < 30; s++) {
      Instant at = T0.plusSeconds(s);
      var value = JsonNodeFactory.instance.objectNode();
      if (s < 10 || s > 12) {  // no leader for three seconds: the election
        value.put("leader", s < 10 ? "master-1" : "master-3");
      }
      // from 10 s on master-1 is stopped: the probe fails (not every member healthy) but saw the leader
      samples.add(new Entry.Sample(ProbeKind.ETCD, at, at.plusMillis(10), s < 10 ? Outcome.OK : Outcome.FAIL, value,
          null));
    }
    Judgement j = new Checker(samples, T0.plusMillis(9500), T0.plusSeconds(30))
        .judge(new CheckSpec.LeadershipMoved("etcd", Duration.ofSeconds(10)));
    assertThat(j.verdict()).isEqualTo(Verdict.PASS);
    assertThat(j.figures().get("from").asText()).isEqualTo("master-1");
    assertThat(j.figures().get("to").asText()).isEqualTo("master-3");
    assertThat(j.figures().get("moved_after_ms").asLong()).isEqualTo(3510);
  }

  @Test
  void leadershipMovedIsTimedFromTheWindowStart() {
    List<Entry.Sample> samples = new ArrayList<>();
    for (int s = 0; s < 30; s++) {
      Instant at = T0.plusSeconds(s);
      var value = JsonNodeFactory.instance.objectNode().put("kube-controller-manager", s < 17 ? "master-1" : "master-2");
      samples.add(new Entry.Sample(ProbeKind.LEADERS, at, at.plusMillis(10), Outcome.OK, value, null));
    }
    Checker fromTen = new Checker(samples, T0.plusSeconds(10), T0.plusSeconds(30));
    Judgement j = fromTen.judge(new CheckSpec.LeadershipMoved("kube-controller-manager", Duration.ofSeconds(8)));
    assertThat(j.verdict()).isEqualTo(Verdict.PASS);
    assertThat(j.figures().get("to").asText()).isEqualTo("master-2");
    assertThat(j.figures().get("moved_after_ms").asLong()).isEqualTo(7010);
    assertThat(fromTen.judge(new CheckSpec.LeadershipMoved("kube-controller-manager", Duration.ofSeconds(5))).verdict())
        .isEqualTo(Verdict.FAIL);
  }

  @Test
  void aReactionsBoundCountsFromTheFaultInPlaceAndTheLeaderBeforeIsReadBeforeTheStep() {
    // the fault step starts at 10 s; its delay takes 12 s to go in (a busy node); etcd elects at 27 s
    Instant stepStart = T0.plusSeconds(10);
    List<Entry> history = faultInPlaceAt22(stepStart, 27);
    Judgement j = Checker.over(history, stepStart, T0.plusSeconds(40))
        .judge(new CheckSpec.LeadershipMoved("etcd", Duration.ofSeconds(10)));
    assertThat(j.verdict()).as(j.summary()).isEqualTo(Verdict.PASS);
    assertThat(j.figures().get("moved_after_ms").asLong()).isEqualTo(5010);
    assertThat(j.summary()).contains("5.01 s after the fault was in place (12.00 s after the window began)");
    assertThat(new Checker(history.stream().filter(Entry.Sample.class::isInstance).map(Entry.Sample.class::cast)
        .toList(), stepStart, T0.plusSeconds(40)).judge(new CheckSpec.LeadershipMoved("etcd", Duration.ofSeconds(10)))
        .verdict()).as("timed from the step's start, as without the fault's entry").isEqualTo(Verdict.FAIL);

    // a leader handed over while the fault went in (docker stopping it): moved, at once
    List<Entry> handedOver = faultInPlaceAt22(stepStart, 15);
    Judgement atOnce = Checker.over(handedOver, stepStart, T0.plusSeconds(40))
        .judge(new CheckSpec.LeadershipMoved("etcd", Duration.ofSeconds(10)));
    assertThat(atOnce.verdict()).isEqualTo(Verdict.PASS);
    assertThat(atOnce.figures().get("from").asText()).isEqualTo("master-1");
    assertThat(atOnce.figures().get("moved_after_ms").asLong()).isZero();
  }

  /** A fault step started at {@code stepStart}, in place at 22 s; etcd's leader master-1, then master-2 from {@code moved} s. */
  private static List<Entry> faultInPlaceAt22(Instant stepStart, int moved) {
    List<Entry> history = new ArrayList<>();
    history.add(new Entry.StepStarted("stalled", "fault", "delay", stepStart));
    history.add(new Entry.FaultStarted("stalled", "delay", List.of("master-1"), T0.plusSeconds(22)));
    for (int s = 0; s < 40; s++) {
      Instant at = T0.plusSeconds(s);
      history.add(new Entry.Sample(ProbeKind.ETCD, at, at.plusMillis(10), Outcome.OK,
          JsonNodeFactory.instance.objectNode().put("leader", s < moved ? "master-1" : "master-2"), null));
    }
    return history;
  }

  @Test
  void leaderChangesAreCountedFromTheLeaderBeforeTheWindowAndMomentsWithoutOneAreNotChanges() {
    String[] leaders = {"m1", "m1", "m1", "m2", "", "m2", "m3", "m3", "m1", "m1"};
    List<Entry.Sample> samples = new ArrayList<>();
    for (int s = 0; s < leaders.length; s++) {
      Instant at = T0.plusSeconds(s);
      var value = JsonNodeFactory.instance.objectNode().put("leader", leaders[s]);
      samples.add(new Entry.Sample(ProbeKind.ETCD, at, at.plusMillis(10), leaders[s].isEmpty() ? Outcome.FAIL
          : Outcome.OK, value, null));
    }
    Checker fromTwo = new Checker(samples, T0.plusSeconds(2), T0.plusSeconds(10));
    Judgement j = fromTwo.judge(new CheckSpec.LeaderChanges("etcd", 3));
    assertThat(j.verdict()).as(j.summary()).isEqualTo(Verdict.PASS);
    assertThat(j.figures().get("changes").asInt()).isEqualTo(3);
    assertThat(j.summary()).contains("m1 -> m2 -> m3 -> m1");
    assertThat(fromTwo.judge(new CheckSpec.LeaderChanges("etcd", 2)).verdict()).isEqualTo(Verdict.FAIL);
    Checker quiet = new Checker(samples, T0, T0.plusMillis(2500));
    assertThat(quiet.judge(new CheckSpec.LeaderChanges("etcd", 0)).verdict()).isEqualTo(Verdict.PASS);
  }

  @Test
  void aNodeSeenNotReadyFailsNoNodeNotReady() {
    List<Entry.Sample> samples = new ArrayList<>();
    for (int s = 0; s < 10; s++) {
      var value = JsonNodeFactory.instance.objectNode();
      value.putArray("ready").add("a");
      if (s == 6) {
        value.putArray("not_ready").add("b");
      } else {
        value.putArray("not_ready");
      }
      samples.add(new Entry.Sample(ProbeKind.NODES, T0.plusSeconds(s), T0.plusSeconds(s), Outcome.OK, value, null));
    }
    assertThat(over(samples).judge(new CheckSpec.NoNodeNotReady()).verdict()).isEqualTo(Verdict.FAIL);
    assertThat(new Checker(samples, T0, T0.plusSeconds(5)).judge(new CheckSpec.NoNodeNotReady()).verdict())
        .isEqualTo(Verdict.PASS);
    assertThat(over(samples).judge(new CheckSpec.NodeNotReady("b", Duration.ofSeconds(10))).figures()
        .get("after_ms").asLong()).isEqualTo(6000);
  }

  /** A pods sample at +{@code second} s: each pod "name:phase:node" labelled app=web (others app=db). */
  private static Entry.Sample pods(int second, String... pods) {
    ObjectNode value = JsonNodeFactory.instance.objectNode();
    var list = value.putArray("pods");
    for (String pod : pods) {
      String[] f = pod.split(":", -1);
      list.addObject().put("name", "default/" + f[0]).put("phase", f[1]).put("node", f[2])
          .putObject("labels").put("app", f[0].startsWith("db") ? "db" : "web");
    }
    Instant at = T0.plusSeconds(second);
    return new Entry.Sample(ProbeKind.PODS, at, at.plusMillis(20), Outcome.OK, value, null);
  }

  @Test
  void pendingAtMostCountsThePodsOfTheSelectorWaitingForANodeAtEachSample() {
    List<Entry.Sample> samples = List.of(pods(0, "web-1:Running:w1", "db-1:Pending:"),
        pods(1, "web-1:Running:w1", "web-2:Pending:", "db-1:Pending:"),
        pods(2, "web-1:Running:w1", "web-2:Pending:", "web-3:Pending:", "web-4:Pending:w3"),
        pods(3, "web-1:Running:w1", "web-2:Running:w2", "web-3:Running:w2", "web-4:Running:w3"));
    Judgement two = over(samples).judge(new CheckSpec.PendingAtMost("app=web", 2), null);
    assertThat(two.verdict()).isEqualTo(Verdict.PASS);
    assertThat(two.figures().get("most_pending").asInt()).isEqualTo(2);
    assertThat(over(samples).judge(new CheckSpec.PendingAtMost("app=web", 1), null).verdict())
        .isEqualTo(Verdict.FAIL);
  }

  @Test
  void scheduledWithinTimesTheWaitingPodsFromTheWindowsStart() {
    List<Entry.Sample> samples = List.of(pods(0, "web-1:Pending:"), pods(5, "web-1:Pending:", "web-2:Pending:"),
        pods(12, "web-1:Running:w2", "web-2:Pending:"), pods(20, "web-1:Running:w2", "web-2:Running:w2"));
    Judgement within = over(samples).judge(new CheckSpec.ScheduledWithin("app=web", Duration.ofSeconds(25)), null);
    assertThat(within.verdict()).isEqualTo(Verdict.PASS);
    assertThat(within.figures().get("waited").asInt()).isEqualTo(2);
    Judgement late = over(samples).judge(new CheckSpec.ScheduledWithin("app=web", Duration.ofSeconds(15)), null);
    assertThat(late.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(late.summary()).contains("default/web-2 (after 20.0 s)");
    assertThat(over(List.of(pods(0, "web-1:Pending:"), pods(1, "web-1:Pending:"), pods(2, "web-1:Pending:")))
        .judge(new CheckSpec.ScheduledWithin("app=web", Duration.ofSeconds(60)), null).summary())
        .contains("default/web-1 (never)");
  }
}
