package io.slipway.scenarios.probe;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The value of an {@code api_cas} sample: which client, what it did ({@code read} or {@code cas}),
 * the value it expected (cas; null: the ConfigMap was absent, a create) and the value it read or
 * wrote (null: a read found it absent), with the resourceVersions seen. One record, written by the
 * probe and read by the check.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CasValue(int client, Op op, Long expected, Long value, String version,
    @JsonProperty("new_version") String newVersion) {

  private static final ObjectMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  /** What the client did. */
  public enum Op {
    @JsonProperty("read") READ,
    @JsonProperty("cas") CAS
  }

  public static CasValue read(int client, Long value, String version) {
    return new CasValue(client, Op.READ, null, value, version, null);
  }

  public static CasValue cas(int client, Long expected, long value, String version, String newVersion) {
    return new CasValue(client, Op.CAS, expected, value, version, newVersion);
  }

  public JsonNode json() {
    return JSON.valueToTree(this);
  }

  /** The value a sample carries; {@link IllegalArgumentException} when it is not one. */
  public static CasValue of(JsonNode json) {
    try {
      return JSON.treeToValue(json, CasValue.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not an api_cas value: " + json, e);
    }
  }
}
