package io.slipway.standin.etcd;

/** A change seen by an etcd watch: a put (create or update) or a delete, with the key's previous value. */
public record WatchEvent(Type type, KeyValue kv, KeyValue previous) {

  /** What happened to the key. */
  public enum Type { PUT, DELETE }

  /** A put of a key that did not exist before. */
  public boolean isCreate() {
    return type == Type.PUT && kv.createRevision() == kv.modRevision();
  }
}
