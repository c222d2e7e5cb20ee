package io.slipway.engine.plan;

/**
 * An addon {@code up} would apply again, as {@code slipway plan} lists it: on {@code host} (whose
 * apiserver it goes through), {@code addon}'s job runs because of {@code reason} (its manifest is
 * new or differs from its ConfigMap, or its last job did not complete).
 */
public record AddonChange(String host, String addon, String reason) {
}
