package io.slipway.scenarios.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.reports.RunFolder;
import io.slipway.reports.history.Entry;
import io.slipway.reports.history.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Judges a stored run's checks again from its history alone: each check that was judged from
 * the history (its spec, window and the entries it saw are recorded with its verdict) is judged
 * once more by the same {@link Checker} on exactly those entries. Checks judged live (a kubectl
 * command, an idempotent re-up, a failed step) are carried over as recorded.
 */
public final class Rejudge {

  /** One check: its recorded verdict, and the judgement again when it could be made. */
  public record Row(String step, String check, Verdict recorded, Optional<Judgement> again) {
    /** Whether the verdict is the same (a check carried over counts as the same). */
    public boolean same() {
      return again.map(j -> j.verdict() == recorded).orElse(true);
    }
  }

  private Rejudge() {
  }

  public static List<Row> of(RunFolder run) {
    List<Entry> entries = run.entries();
    List<Row> rows = new ArrayList<>();
    for (Entry entry : entries) {
      if (!(entry instanceof Entry.Judged judged)) {
        continue;
      }
      if (judged.spec() == null || judged.saw() == null) {
        rows.add(new Row(judged.step(), judged.check(), judged.verdict(), Optional.empty()));
        continue;
      }
      List<Entry> seen = entries.subList(0, Math.min(judged.saw(), entries.size()));
      JsonNode observation = seen.stream().filter(Entry.Observed.class::isInstance).map(Entry.Observed.class::cast)
          .filter(o -> o.step().equals(judged.step())).reduce((first, second) -> second).map(Entry.Observed::value)
          .orElse(null);
      Judgement again = Checker.over(seen, judged.from(), judged.to()).judge(CheckSpecJson.read(judged.spec()),
          observation);
      rows.add(new Row(judged.step(), judged.check(), judged.verdict(), Optional.of(again)));
    }
    return rows;
  }
}
