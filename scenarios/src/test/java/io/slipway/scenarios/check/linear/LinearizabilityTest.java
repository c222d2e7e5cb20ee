package io.slipway.scenarios.check.linear;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The search and its windows over hand-written histories whose answers are known (times in ms from T0). */
class LinearizabilityTest {

  private static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");

  private static Instant ms(long ms) {
    return T0.plusMillis(ms);
  }

  private static Operation read(int client, long value, long at, long end) {
    return Operation.read(client, value, ms(at), ms(end));
  }

  private static Operation cas(int client, long from, long to, long at, long end) {
    return Operation.cas(client, from, to, ms(at), ms(end));
  }

  private static Operation lost(int client, long from, long to, long at) {
    return Operation.indeterminate(client, from, to, ms(at));
  }

  private static Verdict check(Operation... history) {
    return Linearizability.check(List.of(history), Linearizability.DEFAULT_MAX_STEPS);
  }

  private static List<Operation> window(Verdict verdict) {
    assertThat(verdict).as("not linearizable").isInstanceOf(Verdict.NotLinearizable.class);
    return ((Verdict.NotLinearizable) verdict).window();
  }

  @Test
  void overlappingCompareAndSetsLinearizeInTheOrderTheirValuesChain() {
    // client 2's cas from 1 was invoked first but must take effect after client 1's cas from 0
    Verdict verdict = check(read(1, 0, 0, 5), cas(2, 1, 2, 10, 40), cas(1, 0, 1, 12, 30), read(3, 1, 14, 20),
        read(3, 2, 45, 50));
    assertThat(verdict).as("overlapping cas 0→1 and 1→2, a read of 1 between them")
        .isInstanceOf(Verdict.Linearizable.class);
  }

  @Test
  void anIndeterminateWriteMayHaveHappenedLongAfterItWasSent() {
    Verdict verdict = check(read(1, 0, 0, 5), lost(1, 0, 1, 10), read(2, 0, 20, 25), read(3, 0, 30, 35),
        read(2, 1, 100, 105), cas(3, 1, 2, 110, 120));
    assertThat(verdict).as("reads of 0 after the timed-out cas 0→1, then of 1")
        .isInstanceOf(Verdict.Linearizable.class);
  }

  @Test
  void anIndeterminateWriteMayNotHaveHappenedAtAll() {
    Verdict verdict = check(read(1, 4, 0, 5), lost(1, 4, 5, 10), read(2, 4, 20, 25), cas(2, 4, 5, 30, 40),
        read(3, 5, 50, 55));
    assertThat(verdict).as("the timed-out cas 4→5 never took effect; client 2's did")
        .isInstanceOf(Verdict.Linearizable.class);
  }

  @Test
  void aReadOfAnOldValueAfterAWriteCompletedIsNotLinearizable() {
    Operation write = cas(1, 0, 1, 100, 110);
    Operation stale = read(2, 0, 120, 130);
    Verdict verdict = check(read(1, 0, 0, 5), read(2, 0, 10, 20), write, stale, read(3, 1, 140, 150));
    assertThat(window(verdict)).as("the window is the write and the stale read after it")
        .containsExactlyInAnyOrder(write, stale);
    assertThat(((Verdict.NotLinearizable) verdict).from()).isEqualTo(ms(100));
    assertThat(((Verdict.NotLinearizable) verdict).to()).isEqualTo(ms(130));
  }

  @Test
  void twoSuccessfulCompareAndSetsFromTheSameValueAreNotLinearizable() {
    Operation first = cas(1, 3, 4, 100, 150);
    Operation second = cas(2, 3, 4, 120, 160);
    Verdict verdict = check(read(1, 3, 0, 10), read(2, 3, 20, 30), first, second, read(3, 4, 200, 210));
    assertThat(window(verdict)).as("both cas 3→4 succeeded while they overlapped")
        .containsExactlyInAnyOrder(first, second);
  }

  @Test
  void anAcknowledgedWriteThatLaterReadsDoNotShowIsLost() {
    Operation acknowledged = cas(2, 1, 2, 100, 110);
    Operation without = read(3, 1, 200, 210);
    Verdict verdict = check(read(1, 0, 0, 5), cas(1, 0, 1, 10, 20), read(2, 1, 50, 60), acknowledged,
        read(1, 2, 150, 160), without, read(1, 1, 220, 230));
    assertThat(window(verdict)).as("the shortest window: a read of the acknowledged 2, then one without it")
        .containsExactly(read(1, 2, 150, 160), without);
  }

  @Test
  void theWindowIsTheAnomalyNotTheLongHistoryBeforeIt() {
    List<Operation> history = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      history.add(read(1, i, i * 100L, i * 100L + 10));
      history.add(cas(1 + i % 3, i, i + 1, i * 100L + 20, i * 100L + 60));
      history.add(read(2, i + 1, i * 100L + 50, i * 100L + 90));
    }
    Operation duplicate = cas(4, 499, 500, 49_930, 49_990);
    history.add(duplicate);
    Verdict verdict = Linearizability.check(history, Linearizability.DEFAULT_MAX_STEPS);
    assertThat(window(verdict)).as("the second cas 499→500 and the operations it overlaps")
        .contains(duplicate).hasSizeLessThanOrEqualTo(4)
        .allMatch(o -> !o.invoked().isBefore(ms(49_900)));
  }

  @Test
  void anIndeterminateWriteSentBeforeTheWindowCanStillExplainIt() {
    // the cas 7→8 timed out long ago; a read of 7 then one of 8 with no write between: it took effect late
    Verdict verdict = check(read(1, 7, 0, 5), lost(2, 7, 8, 10), read(1, 7, 1000, 1005), read(1, 8, 2000, 2005));
    assertThat(verdict).isInstanceOf(Verdict.Linearizable.class);
  }

  @Test
  void aSearchBeyondItsBoundIsExhaustedNotPassed() {
    List<Operation> history = new ArrayList<>();
    for (int c = 0; c < 12; c++) {
      history.add(lost(c, c, c + 1, 0));
    }
    history.add(read(99, 12, 10, 20));
    history.add(read(99, 0, 30, 40));
    Verdict verdict = Linearizability.check(history, 50);
    assertThat(verdict).as("50 steps cannot settle 12 concurrent indeterminate writes")
        .isInstanceOf(Verdict.Exhausted.class);
    assertThat(verdict.steps()).isEqualTo(50);
  }

  @Test
  void aWindowOfTheHistoryIsJudgedOnItsOwn() {
    // a restore set the value back from 5 to 2 at about 1 s; the windows before and after it each linearize
    List<Operation> history = List.of(read(1, 4, 0, 10), cas(1, 4, 5, 20, 30), read(2, 5, 40, 50),
        read(1, 2, 2000, 2010), cas(2, 2, 3, 2020, 2030), read(1, 3, 2040, 2050));
    long bound = Linearizability.DEFAULT_MAX_STEPS;
    assertThat(Linearizability.check(history, bound)).isInstanceOf(Verdict.NotLinearizable.class);
    assertThat(Linearizability.check(history, T0, ms(1000), bound)).isInstanceOf(Verdict.Linearizable.class);
    assertThat(Linearizability.check(history, ms(1500), ms(3000), bound)).isInstanceOf(Verdict.Linearizable.class);
  }
}
