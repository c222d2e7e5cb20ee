package io.slipway.standin.kubelet;

import java.time.Instant;
import java.util.Optional;

/**
 * One container the kubelet made, as its node's Docker engine reports it: whose pod and which
 * container (or the pod's sandbox), which attempt (the restart count it was created for), its
 * state and, once it ended, how; and whether it runs as the workload image standing in for an
 * image the fleet does not carry ({@link ContainerConfig#standingIn}).
 */
record ObservedContainer(String id, String podUid, String podName, String namespace, String container, int attempt,
    State state, int exitCode, boolean oomKilled, String error, Optional<Instant> startedAt,
    Optional<Instant> finishedAt, String ip, String imageId, int gracePeriodSeconds, boolean standsIn) {

  enum State { CREATED, RUNNING, EXITED }

  static final String SANDBOX = "POD";

  boolean sandbox() {
    return container.equals(SANDBOX);
  }

  boolean running() {
    return state == State.RUNNING;
  }

  /** Created but never started: the start failed (e.g. the command does not exist). */
  boolean neverStarted() {
    return state == State.CREATED;
  }
}
