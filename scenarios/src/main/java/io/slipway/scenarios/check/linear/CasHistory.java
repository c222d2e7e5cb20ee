package io.slipway.scenarios.check.linear;

import io.slipway.reports.history.Entry;
import io.slipway.reports.history.Outcome;
import io.slipway.reports.history.ProbeKind;
import io.slipway.scenarios.probe.CasValue;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code api_cas} samples of a history as register operations: ok reads and compare-and-sets,
 * and indeterminate compare-and-sets (completion at infinity). Failed operations certainly had no
 * effect and are left out, as are reads that got no answer; both are counted.
 */
public record CasHistory(List<Operation> operations, int failed, int unanswered) {

  public CasHistory {
    operations = List.copyOf(operations);
  }

  public static CasHistory of(List<Entry.Sample> samples) {
    List<Operation> ops = new ArrayList<>();
    int failed = 0;
    int unanswered = 0;
    for (Entry.Sample s : samples) {
      if (s.probe() != ProbeKind.API_CAS || s.value() == null) {
        continue;
      }
      CasValue v = CasValue.of(s.value());
      long expected = v.expected() == null ? Operation.ABSENT : v.expected();
      long value = v.value() == null ? Operation.ABSENT : v.value();
      if (s.outcome() == Outcome.FAIL) {
        failed++;
      } else if (v.op() == CasValue.Op.READ) {
        if (s.outcome() == Outcome.OK) {
          ops.add(Operation.read(v.client(), value, s.at(), s.end()));
        } else {
          unanswered++;
        }
      } else if (s.outcome() == Outcome.OK) {
        ops.add(Operation.cas(v.client(), expected, value, s.at(), s.end()));
      } else {
        ops.add(Operation.indeterminate(v.client(), expected, value, s.at()));
      }
    }
    return new CasHistory(ops, failed, unanswered);
  }
}
