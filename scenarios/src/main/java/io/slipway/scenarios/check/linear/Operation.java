package io.slipway.scenarios.check.linear;

import java.time.Instant;
import java.util.Objects;

/**
 * One operation on the register, as a client saw it: invoked at {@code invoked}, completed at
 * {@code completed} (null when indeterminate: it may have taken effect at any time after its
 * invocation, or never). Every operation is a compare-and-set from {@code expected} to {@code
 * value}: a read of v is (v, v), a create is ({@link #ABSENT}, 0). Failed operations (certainly
 * without effect) are not operations here.
 */
public record Operation(int client, Kind kind, long expected, long value, Instant invoked, Instant completed) {

  /** The register's value while the object does not exist. */
  public static final long ABSENT = -1;

  /** What the client did; the register sees only (expected, value). */
  public enum Kind {
    READ, CAS
  }

  public Operation {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(invoked, "invoked");
    if (kind == Kind.READ && (expected != value || completed == null)) {
      throw new IllegalArgumentException("a read observes one value and has completed");
    }
    if (completed != null && completed.isBefore(invoked)) {
      throw new IllegalArgumentException("completed before it was invoked");
    }
  }

  public static Operation read(int client, long value, Instant invoked, Instant completed) {
    return new Operation(client, Kind.READ, value, value, invoked, completed);
  }

  public static Operation cas(int client, long expected, long value, Instant invoked, Instant completed) {
    return new Operation(client, Kind.CAS, expected, value, invoked, completed);
  }

  /** A compare-and-set whose outcome the client never learned (its completion is at infinity). */
  public static Operation indeterminate(int client, long expected, long value, Instant invoked) {
    return new Operation(client, Kind.CAS, expected, value, invoked, null);
  }

  public boolean indeterminate() {
    return completed == null;
  }

  /** How a person reads it: {@code client 2 cas 4→5 ok}. */
  public String describe() {
    String what = kind == Kind.READ ? "read " + text(value) : "cas " + text(expected) + "→" + text(value);
    return "client " + client + " " + what + (indeterminate() ? " indeterminate" : " ok");
  }

  static String text(long v) {
    return v == ABSENT ? "absent" : Long.toString(v);
  }
}
