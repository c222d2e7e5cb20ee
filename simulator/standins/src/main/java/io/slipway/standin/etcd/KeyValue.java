package io.slipway.standin.etcd;

/** One key as etcd returns it; {@code modRevision} is what Kubernetes exposes as resourceVersion. */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision) {
}
