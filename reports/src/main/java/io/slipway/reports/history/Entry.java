package io.slipway.reports.history;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.engine.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One line of a run's history ({@code history.jsonl}; format in docs/scenarios.md): a typed
 * record, written and read back with Jackson ({@link HistoryJson}). Every entry has {@code type}
 * (its record's name below) and {@code at}; keys a reader does not know are passed over, so an
 * older reader reads a newer history.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Entry.RunStarted.class, name = "run-started"),
    @JsonSubTypes.Type(value = Entry.Sample.class, name = "sample"),
    @JsonSubTypes.Type(value = Entry.StepStarted.class, name = "step-started"),
    @JsonSubTypes.Type(value = Entry.StepEnded.class, name = "step-ended"),
    @JsonSubTypes.Type(value = Entry.FaultStarted.class, name = "fault-started"),
    @JsonSubTypes.Type(value = Entry.FaultHealed.class, name = "fault-healed"),
    @JsonSubTypes.Type(value = Entry.Engine.class, name = "engine"),
    @JsonSubTypes.Type(value = Entry.Observed.class, name = "observed"),
    @JsonSubTypes.Type(value = Entry.Judged.class, name = "check"),
    @JsonSubTypes.Type(value = Entry.Audit.class, name = "audit"),
    @JsonSubTypes.Type(value = Entry.DrillStarted.class, name = "drill"),
    @JsonSubTypes.Type(value = Entry.RunEnded.class, name = "run-ended")})
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface Entry {

  Instant at();

  /** The run began: scenario, seed, fleet, the engine's and Docker's versions. */
  @JsonPropertyOrder({"at", "scenario", "seed", "fleet", "engine", "docker"})
  record RunStarted(String scenario, long seed, String fleet, String engine, String docker, Instant at)
      implements Entry {
  }

  /** One probe operation: invoked at {@code at}, completed at {@code end}; {@code value} and {@code error} may be null. */
  @JsonPropertyOrder({"at", "probe", "end", "outcome", "latency_ms", "value", "error"})
  record Sample(ProbeKind probe, Instant at, Instant end, Outcome outcome, JsonNode value, String error)
      implements Entry {
    public Duration latency() {
      return Duration.between(at, end);
    }

    /** Written for readers of the file; derived, so never read back. */
    @JsonProperty(value = "latency_ms", access = JsonProperty.Access.READ_ONLY)
    public double latencyMs() {
      return latency().toNanos() / 1e6;
    }
  }

  /** A scenario step began; {@code kind} is its kind as the scenario file names it. */
  @JsonPropertyOrder({"at", "step", "kind", "detail"})
  record StepStarted(String step, String kind, String detail, Instant at) implements Entry {
  }

  /** A scenario step ended, ok or not. */
  @JsonPropertyOrder({"at", "step", "kind", "ok", "detail"})
  record StepEnded(String step, String kind, boolean ok, String detail, Instant at) implements Entry {
  }

  /** A fault took effect on its targets. */
  @JsonPropertyOrder({"at", "step", "fault", "targets"})
  record FaultStarted(String step, String fault, List<String> targets, Instant at) implements Entry {
    public FaultStarted {
      targets = List.copyOf(targets);
    }
  }

  /** The fault injected by {@code step} was healed. */
  @JsonPropertyOrder({"at", "step", "fault"})
  record FaultHealed(String step, String fault, Instant at) implements Entry {
  }

  /** An engine event of an {@code up} or {@code cert-rotate} step, stored in the engine's JSON form (docs/up.md). */
  @JsonPropertyOrder({"at", "step", "event"})
  record Engine(String step, Event event, Instant at) implements Entry {
  }

  /**
   * What a check saw when it looked at the cluster itself rather than at the samples (the final
   * read of every acknowledged write, the snapshot files on each etcd node): recorded, so the
   * check can be judged again from the history alone.
   */
  @JsonPropertyOrder({"at", "step", "what", "value"})
  record Observed(String step, String what, JsonNode value, Instant at) implements Entry {
  }

  /**
   * A check's verdict with its figures; for a check judged from the history, its {@code spec}
   * (the check as the scenario file gave it), the window [{@code from}, {@code to}] it was judged
   * over, and how many entries of the history it {@code saw} (those before it: probes go on
   * recording while a check is judged), so {@code slipway report --rejudge} judges it again on
   * exactly that. Null for checks judged live (a kubectl command, an idempotent re-up) and in
   * histories recorded before these were kept.
   */
  @JsonPropertyOrder({"at", "step", "check", "verdict", "summary", "figures", "spec", "from", "to", "saw"})
  record Judged(String step, String check, Verdict verdict, String summary, ObjectNode figures, Instant at,
      ObjectNode spec, Instant from, Instant to, Integer saw) implements Entry {

    /** A check judged live: nothing to judge it again from. */
    public Judged(String step, String check, Verdict verdict, String summary, ObjectNode figures, Instant at) {
      this(step, check, verdict, summary, figures, at, null, null, null, null);
    }
  }

  /**
   * The run audits an operator's cluster.yml ({@code slipway rehearse --cluster}): the file, its
   * topology in words, its single points of failure, the drills planned (by step id), where each of its addresses is in the fleet,
   * and how the cluster.yml deployed differs from it.
   */
  @JsonPropertyOrder({"at", "source", "topology", "single_points_of_failure", "drills", "addresses", "changes"})
  record Audit(String source, String topology, @JsonProperty("single_points_of_failure") List<String> singlePoints,
      List<String> drills, List<Address> addresses, List<Difference> changes, Instant at) implements Entry {
    public Audit {
      singlePoints = List.copyOf(singlePoints);
      drills = List.copyOf(drills);
      addresses = List.copyOf(addresses);
      changes = List.copyOf(changes);
    }

    /** An address of the operator's file ({@code what}: node, internal or SAN) and the fleet address standing in for it. */
    public record Address(String operator, String fleet, String what) {
    }

    /** A key whose value in the deployed cluster.yml is not the operator's, and why. */
    public record Difference(String key, String from, String to, String why) {
    }
  }

  /**
   * A drill begins: the checks judged from here to the next drill are its own. {@code expected}
   * is what this topology should do under it ({@code survives}, {@code outage}, or {@code refused}
   * for a node mis-prepared on purpose), {@code why}
   * the reason (quorum arithmetic, counts of load balancers and controlplane nodes).
   */
  @JsonPropertyOrder({"at", "step", "title", "expected", "why"})
  record DrillStarted(String step, String title, Expected expected, String why, Instant at) implements Entry {
  }

  /** What a drill should do to a cluster of a given topology. */
  enum Expected {
    /** The cluster serves on. */
    SURVIVES,
    /** The topology cannot survive it: clients see failures, and it recovers after the heal. */
    OUTAGE,
    /** {@code up} refuses a node that is not prepared, says why, and changes nothing. */
    REFUSED;

    @JsonValue
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Expected> parse(String text) {
      for (Expected e : values()) {
        if (e.key().equals(text)) {
          return Optional.of(e);
        }
      }
      return Optional.empty();
    }
  }

  /** The run ended. */
  @JsonPropertyOrder({"at", "verdict"})
  record RunEnded(Verdict verdict, Instant at) implements Entry {
  }
}
