package io.slipway.engine.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;

/**
 * RKE's {@code upgrade_strategy.node_drain_input}, with RKE's defaults: evict even pods no
 * controller owns ({@code force}, default false), leave DaemonSet pods ({@code ignore_daemonsets},
 * default true), evict pods with local data ({@code delete_local_data}, default false), each pod's
 * grace period ({@code grace_period}, -1: the pod's own), and how long to wait for them to go
 * ({@code timeout}, default 120 s); and the Eviction API of the cluster's Kubernetes version
 * ({@code policy/v1} from 1.22, {@code policy/v1beta1} before).
 */
public record DrainSettings(boolean force, boolean ignoreDaemonsets, boolean deleteLocalData, int gracePeriodSeconds,
    Duration timeout, String evictionApiVersion) {

  /** The settings {@code node_drain_input} gives (absent or null: RKE's defaults) for Kubernetes 1.{@code minor}. */
  public static DrainSettings of(JsonNode input, int minor) {
    JsonNode in = input == null ? MissingNode.getInstance() : input;
    int timeout = in.path("timeout").asInt(120);
    return new DrainSettings(in.path("force").asBoolean(false), in.path("ignore_daemonsets").asBoolean(true),
        in.path("delete_local_data").asBoolean(false), in.path("grace_period").asInt(-1),
        Duration.ofSeconds(timeout > 0 ? timeout : 120), minor >= 22 ? "policy/v1" : "policy/v1beta1");
  }
}
