package io.slipway.reports.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The one mapper of the history format: an {@link Entry} to its JSON line and back. */
public final class HistoryJson {

  private static final ObjectMapper MAPPER = JsonMapper.builder().addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE).build();

  private HistoryJson() {
  }

  /** {@code entry} as one line of JSON (no line break). */
  public static String line(Entry entry) {
    try {
      return MAPPER.writeValueAsString(entry);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a history entry always serializes", e);
    }
  }

  /** The entry a line holds; {@link IllegalArgumentException} when it holds none (a torn or foreign line). */
  public static Entry parse(String line) {
    try {
      return MAPPER.readValue(line, Entry.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a history entry: " + e.getOriginalMessage(), e);
    }
  }
}
