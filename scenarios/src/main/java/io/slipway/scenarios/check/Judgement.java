package io.slipway.scenarios.check;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.reports.history.Verdict;

/** A check's verdict, a sentence a person reads, and the figures it is based on. */
public record Judgement(Verdict verdict, String summary, ObjectNode figures) {

  public static Judgement pass(String summary, ObjectNode figures) {
    return new Judgement(Verdict.PASS, summary, figures);
  }

  public static Judgement fail(String summary, ObjectNode figures) {
    return new Judgement(Verdict.FAIL, summary, figures);
  }

  public static Judgement unknown(String summary) {
    return new Judgement(Verdict.UNKNOWN, summary, JsonNodeFactory.instance.objectNode());
  }

  public static Judgement of(boolean holds, String summary, ObjectNode figures) {
    return new Judgement(holds ? Verdict.PASS : Verdict.FAIL, summary, figures);
  }
}
