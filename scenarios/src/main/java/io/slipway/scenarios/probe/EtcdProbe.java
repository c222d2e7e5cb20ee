package io.slipway.scenarios.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.reports.history.Entry;
import io.slipway.reports.history.Outcome;
import io.slipway.reports.history.ProbeKind;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every etcd member's {@code /health} and, from the members that answer, the Raft leader
 * ({@code /v3/maintenance/status}); value {@code {"healthy": [...], "unhealthy": [...], "leader": "master-2"}}.
 * Ok only when every member is healthy.
 */
public final class EtcdProbe implements Probe.Single {

  private final ClusterAccess access;
  private final Map<String, InetSocketAddress> members;  // node name -> where this machine reaches its client port
  private final Clock clock;

  public EtcdProbe(ClusterAccess access, Map<String, InetSocketAddress> members, Clock clock) {
    this.access = access;
    this.members = new LinkedHashMap<>(members);
    this.clock = clock;
  }

  @Override
  public ProbeKind kind() {
    return ProbeKind.ETCD;
  }

  @Override
  public Entry.Sample sample() {
    Instant start = clock.instant();
    ObjectNode value = JsonNodeFactory.instance.objectNode();
    var healthy = value.putArray("healthy");
    var unhealthy = value.putArray("unhealthy");
    for (Map.Entry<String, InetSocketAddress> member : members.entrySet()) {
      boolean ok = ClusterAccess.json(access.etcd(member.getValue(), "/health", null))
          .map(h -> h.path("health").asText().equals("true")).orElse(false);
      (ok ? healthy : unhealthy).add(member.getKey());
    }
    leader().ifPresent(leader -> value.put("leader", leader));
    Instant end = clock.instant();
    return new Entry.Sample(kind(), start, end, unhealthy.isEmpty() ? Outcome.OK : Outcome.FAIL, value,
        unhealthy.isEmpty() ? null : unhealthy.size() + " of " + members.size() + " members unhealthy");
  }

  /** The node whose member leads, as the first member that answers sees it. */
  public Optional<String> leader() {
    ObjectNode empty = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, InetSocketAddress> member : members.entrySet()) {
      Optional<JsonNode> status = ClusterAccess.json(access.etcd(member.getValue(), "/v3/maintenance/status", empty));
      Optional<JsonNode> list = ClusterAccess.json(access.etcd(member.getValue(), "/v3/cluster/member/list", empty));
      if (status.isPresent() && list.isPresent()) {
        String leaderId = status.get().path("leader").asText();
        for (JsonNode m : list.get().path("members")) {
          if (m.path("ID").asText().equals(leaderId)) {
            String name = m.path("name").asText();
            return Optional.of(name.startsWith("etcd-") ? name.substring(5) : name);
          }
        }
      }
    }
    return Optional.empty();
  }
}
