package io.slipway.reports.history;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** What a probe watches; each samples at its own interval for the whole scenario. */
public enum ProbeKind {
  /** GET through the API endpoint (the LB when the fleet has one) with a real HTTP client. */
  API_READ("api_read"),
  /** Creates a ConfigMap carrying a sequence number through the API endpoint. */
  API_WRITE("api_write"),
  /** Read-modify-write of one ConfigMap with resourceVersion preconditions, from several clients. */
  API_CAS("api_cas"),
  /** Every Node's Ready condition. */
  NODES("nodes"),
  /** Who holds the kube-controller-manager and kube-scheduler leases. */
  LEADERS("leaders"),
  /** Every etcd member's health, and the leader. */
  ETCD("etcd"),
  /** Every component container's state and restart count on every node. */
  CONTAINERS("containers"),
  /** Every pod's phase, node and labels. */
  PODS("pods");

  private final String key;

  ProbeKind(String key) {
    this.key = key;
  }

  @JsonValue
  public String key() {
    return key;
  }

  public static Optional<ProbeKind> parse(String key) {
    return Arrays.stream(values()).filter(p -> p.key.equals(key)).findFirst();
  }

  public static String choices() {
    return String.join(", ", Arrays.stream(values()).map(ProbeKind::key).toList());
  }
}
