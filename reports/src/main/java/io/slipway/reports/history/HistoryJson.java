package io.slipway.reports.history;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.slipway.engine.event.Event;
import io.slipway.engine.event.EventJson;
import java.io.IOException;
import java.time.format.DateTimeParseException;

/** The one mapper of the history format: an {@link Entry} to its JSON line and back. */
public final class HistoryJson {

  private static final ObjectMapper MAPPER = JsonMapper.builder().addModule(new JavaTimeModule())
      .addModule(engineEvents())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE).build();

  private HistoryJson() {
  }

  /** Engine events in the one JSON form the engine gives them ({@link EventJson}), both ways. */
  private static SimpleModule engineEvents() {
    SimpleModule module = new SimpleModule("engine-events");
    module.addSerializer(Event.class, new JsonSerializer<>() {
      @Override
      public void serialize(Event event, JsonGenerator out, SerializerProvider provider) throws IOException {
        out.writeTree(EventJson.of(event));
      }
    });
    module.addDeserializer(Event.class, new JsonDeserializer<>() {
      @Override
      public Event deserialize(JsonParser in, DeserializationContext context) throws IOException {
        JsonNode node = in.readValueAsTree();
        try {
          return EventJson.parse(node);
        } catch (IllegalArgumentException | DateTimeParseException e) {
          throw JsonMappingException.from(in, e.getMessage(), e);
        }
      }
    });
    return module;
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
