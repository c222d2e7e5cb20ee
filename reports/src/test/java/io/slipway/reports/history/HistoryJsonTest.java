package io.slipway.reports.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The history format read back as typed entries, and written again line for line. */
class HistoryJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(strings = {"passing", "failing"})
  void everyLineOfARecordedRunReadsBackAndWritesAgainTheSame(String run) throws Exception {
    List<String> lines = Files.readAllLines(Path.of("src/test/resources/runs", run, "history.jsonl"));
    assertThat(lines).hasSizeGreaterThan(100);
    for (String line : lines) {
      Entry entry = HistoryJson.parse(line);
      assertThat(JSON.readTree(HistoryJson.line(entry))).as("line %s", line).isEqualTo(JSON.readTree(line));
    }
  }

  @Test
  void entriesAreWrittenTypeFirstWithIsoTimes() {
    Instant at = Instant.parse("2026-12-01T09:00:00.123456789Z");
    Entry.Sample sample = new Entry.Sample(ProbeKind.API_WRITE, at, at.plusMillis(12), Outcome.INDETERMINATE,
        JsonNodeFactory.instance.objectNode().put("sequence", 7), "timed out");
    assertThat(HistoryJson.line(sample)).isEqualTo("{\"type\":\"sample\",\"at\":\"2026-12-01T09:00:00.123456789Z\","
        + "\"probe\":\"api_write\",\"end\":\"2026-12-01T09:00:00.135456789Z\",\"outcome\":\"indeterminate\","
        + "\"latency_ms\":12.0,\"value\":{\"sequence\":7},\"error\":\"timed out\"}");
    assertThat(HistoryJson.parse(HistoryJson.line(sample))).isEqualTo(sample);
    Entry.RunEnded end = new Entry.RunEnded(Verdict.UNKNOWN, at);
    assertThat(HistoryJson.parse(HistoryJson.line(end))).isEqualTo(end);
  }

  @Test
  void aTornOrForeignLineIsRefused() {
    assertThat(catchThrowable(() -> HistoryJson.parse("{\"type\":\"sample\",\"at\":\"2026-")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(catchThrowable(() -> HistoryJson.parse("{\"type\":\"weather\",\"at\":\"2026-12-01T09:00:00Z\"}")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
