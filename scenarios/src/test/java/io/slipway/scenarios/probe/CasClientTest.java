package io.slipway.scenarios.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.reports.history.Outcome;
import org.junit.jupiter.api.Test;

/** How an api_cas write's answer becomes its outcome, and the value it records. */
class CasClientTest {

  private static ClusterAccess.Response status(int code) {
    return new ClusterAccess.Response(code, "{}", null);
  }

  @Test
  void aConflictOrAnyRefusalIsAFailedWriteAndAnUnansweredOneIndeterminate() {
    assertThat(CasClient.outcome(status(200))).as("acknowledged").isEqualTo(Outcome.OK);
    assertThat(CasClient.outcome(status(409))).as("409: the resourceVersion precondition failed")
        .isEqualTo(Outcome.FAIL);
    assertThat(CasClient.outcome(status(422))).as("any 4xx: refused").isEqualTo(Outcome.FAIL);
    assertThat(CasClient.outcome(new ClusterAccess.Response(-1, "", new ClusterAccess.Failure("refused", true))))
        .as("refused before sending").isEqualTo(Outcome.FAIL);
    assertThat(CasClient.outcome(new ClusterAccess.Response(-1, "", new ClusterAccess.Failure("timed out", false))))
        .as("timed out after sending").isEqualTo(Outcome.INDETERMINATE);
    assertThat(CasClient.outcome(status(500))).as("a 5xx: etcd may have written").isEqualTo(Outcome.INDETERMINATE);
  }

  @Test
  void theRecordedValueReadsBackAsItWasWritten() {
    CasValue create = CasValue.cas(3, null, 0, null, "12");
    assertThat(create.json().toString()).as("a create has no expected value")
        .isEqualTo("{\"client\":3,\"op\":\"cas\",\"value\":0,\"new_version\":\"12\"}");
    assertThat(CasValue.of(create.json())).isEqualTo(create);
    CasValue absent = CasValue.read(1, null, null);
    assertThat(CasValue.of(absent.json())).as("a read that found no ConfigMap").isEqualTo(absent);
  }
}
