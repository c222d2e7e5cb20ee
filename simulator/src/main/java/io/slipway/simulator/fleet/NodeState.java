package io.slipway.simulator.fleet;

/** A fake node's state as its Docker engine reports it. */
public enum NodeState {
  RUNNING, PAUSED, STOPPED, DISCONNECTED, GONE
}
