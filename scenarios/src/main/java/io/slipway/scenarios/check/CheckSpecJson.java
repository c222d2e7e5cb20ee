package io.slipway.scenarios.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.slipway.scenarios.model.CheckSpec;

/** A check's JSON form as the history keeps it beside its verdict ({@code {"kind": "gap", "probe": "api_read", "below": "PT15S"}}). */
public final class CheckSpecJson {

  private static final ObjectMapper MAPPER = JsonMapper.builder().addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS).build();

  private CheckSpecJson() {
  }

  public static ObjectNode of(CheckSpec check) {
    return MAPPER.valueToTree(check);
  }

  /** The check {@code json} describes; {@link IllegalArgumentException} when it describes none. */
  public static CheckSpec read(ObjectNode json) {
    try {
      return MAPPER.treeToValue(json, CheckSpec.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a check: " + e.getOriginalMessage(), e);
    }
  }
}
