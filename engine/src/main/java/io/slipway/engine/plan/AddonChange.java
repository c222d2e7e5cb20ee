package io.slipway.engine.plan;

/**
 * An addon {@code up} would apply again or remove, as {@code slipway plan} lists it: on
 * {@code host} (whose apiserver it goes through), {@code addon}'s job runs because of
 * {@code reason} (its manifest is new or differs from its ConfigMap, its last job did not
 * complete; or, when {@code removal}, cluster.yml no longer asks for it and it was deployed).
 */
public record AddonChange(String host, String addon, String reason, boolean removal) {

  /** An addon to apply. */
  public AddonChange(String host, String addon, String reason) {
    this(host, addon, reason, false);
  }
}
